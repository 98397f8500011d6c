// stopword ships no types; the one list used here.
declare module 'stopword' {
  export const eng: string[];
}
