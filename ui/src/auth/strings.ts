// User-facing text of the sign-in page.
export const strings = {
  title: "Sign in to Photonix",
  username: "Username",
  password: "Password",
  signIn: "Sign in",
  signingIn: "Signing in…",
  locked: (seconds: number) =>
    `Too many failed sign-ins. Try again in ${seconds < 90 ? `${seconds} seconds` : `${Math.ceil(seconds / 60)} minutes`}.`,
};
