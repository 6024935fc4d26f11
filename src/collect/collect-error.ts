/**
 * A change that cannot be collected as asked (not a git checkout, an unknown ref, a path that does
 * not exist). The CLI prints the message as it is and exits 2: it is the user's to fix.
 */
export class CollectError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CollectError';
  }
}
