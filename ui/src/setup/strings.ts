// User-facing text of the first-run wizard.
export const strings = {
  title: "Welcome to Photonix",
  intro: "Three steps: an administrator account, your photo library, and what Photonix should find in your photos.",
  step: (n: number, of: number) => `Step ${n} of ${of}`,
  steps: ["Administrator", "Library", "Analysis"],
  labels: {
    username: "Username",
    password: "Password",
    password2: "Password again",
    library_name: "Library name",
    path: "Photo folder",
  },
  passwordsDiffer: "The two passwords differ.",
  libraryNameDefault: "Photos",
  pathHint: "The folder on the Photonix server that holds your photos, for example /home/me/Pictures.",
  watch: "Watch the folder for changes",
  watchHint: "New, changed and deleted photos are picked up within seconds.",
  classifiersIntro: "Photonix analyses every photo. Switch off what you do not need: the slow ones take the longest on a small server.",
  back: "Back",
  next: "Next",
  finish: "Create the library and start importing",
  finishing: "Setting up…",
};
