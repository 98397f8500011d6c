// Pass/fail bookkeeping shared by the crash and load scripts: one printed line per check, then a
// "<label>: N passed, M failed" summary and a non-zero exit code on any failure.
export class Checks {
  passed = 0;
  failed = 0;

  check = (ok: boolean, what: string, detail = '') => {
    if (ok) this.passed++;
    else this.failed++;
    console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}${detail ? ` — ${detail}` : ''}`);
  };

  /** Counts a failure that stopped the run itself, with its stack. */
  couldNotRun(what: string, err: unknown) {
    this.failed++;
    console.log(`FAIL ${what} could not run: ${(err as Error).stack ?? err}`);
  }

  finish(label: string): never {
    console.log(`\n${label}: ${this.passed} passed, ${this.failed} failed`);
    process.exit(this.failed ? 1 : 0);
  }
}
