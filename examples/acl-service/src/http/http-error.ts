/** An error with an HTTP status, thrown by route handlers and turned into a JSON reply. */
export class HttpError extends Error {
  readonly status: number;

  constructor(status: number, message: string) {
    super(message);
    this.name = 'HttpError';
    this.status = status;
  }
}
