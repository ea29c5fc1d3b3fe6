/** A bad command line: printed as one line with a pointer to `--help`, exit code 2, before any request. */
export class UsageError extends Error {
  override name = "UsageError";
  /** The argument or flag at fault, e.g. `--keep-latest` or `OWNER/REPO`. */
  readonly field: string;
  /** The rule it broke. */
  readonly rule: string;

  constructor(field: string, rule: string) {
    super(`${field} ${rule}`);
    this.field = field;
    this.rule = rule;
  }
}
