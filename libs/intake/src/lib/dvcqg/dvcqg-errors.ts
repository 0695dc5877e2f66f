/** A snapshot field the mapper cannot use; `field` is the path in the payload, e.g. `data[0].NgayTiepNhan`. */
export class DvcqgFieldError extends Error {
  constructor(
    readonly field: string,
    readonly reason: string,
  ) {
    super(`${field}: ${reason}`);
    this.name = 'DvcqgFieldError';
  }
}
