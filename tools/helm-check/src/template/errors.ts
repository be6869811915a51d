/** Where in which template something went wrong; every renderer error carries it. */
export interface Position {
  template: string;
  line: number;
}

/** Thrown for anything the renderer does not understand or Helm itself would reject. */
export class TemplateError extends Error {
  constructor(message: string, readonly position?: Position) {
    super(position ? `${position.template}:${position.line}: ${message}` : message);
    this.name = 'TemplateError';
  }
}
