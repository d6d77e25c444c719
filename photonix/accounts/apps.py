from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "photonix.accounts"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in, user_login_failed

        from photonix.accounts import login_limits

        user_login_failed.connect(login_limits.on_login_failed, dispatch_uid="photonix-login-failed")
        user_logged_in.connect(login_limits.on_logged_in, dispatch_uid="photonix-logged-in")
