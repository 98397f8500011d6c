// A sentence for the login screen to show after this device was signed out on purpose (e.g. "Your
// account … has been deleted"), so the learner knows why they are there. Shown until cleared.
let notice: string | null = null;

export function setLoginNotice(text: string | null) {
  notice = text;
}

export function peekLoginNotice(): string | null {
  return notice;
}
