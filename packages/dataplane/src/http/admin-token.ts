import { createHash, timingSafeEqual } from 'node:crypto';

const digest = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();

/**
 * The bearer token every admin call must carry. Compared in constant time: both sides are hashed to
 * 32 bytes first, so neither the token's content nor its length shows in how long a check takes.
 */
export class AdminToken {
  private readonly expected: Buffer;

  constructor(token: string) {
    if (token.trim() === '') throw new Error('the admin token must not be empty');
    this.expected = digest(token);
  }

  /** True when the Authorization header is `Bearer <token>` (the scheme in any case, RFC 9110 §11.1). */
  accepts(authorization: string | undefined): boolean {
    const given = authorization !== undefined && /^bearer /i.test(authorization) ? authorization.slice(7) : '';
    // Hashed and compared even without a token, so a missing one costs the same as a wrong one.
    return timingSafeEqual(digest(given), this.expected);
  }
}
