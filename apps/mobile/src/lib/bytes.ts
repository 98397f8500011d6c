// Sizes as the server says them: binary megabytes (1 MB = 1024 × 1024 bytes), to one decimal place
// when it is not whole, so a limit set as 100 MiB reads "100 MB" here and in the server's messages.

const MB = 1024 * 1024;

/** "10 MB", "100 MB", "1.5 MB", "1,024 MB"; "?" when unknown. */
export function megabytes(bytes?: number): string {
  if (bytes === undefined) return '?';
  return `${(Math.round((bytes / MB) * 10) / 10).toLocaleString('en')} MB`;
}
