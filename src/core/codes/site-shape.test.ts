import { describe, expect, it } from 'vitest';
import { shapeForDomains, siteForDomains } from './site-shape';

describe('shapeForDomains', () => {
  it('finds the site of a registrable domain or of a host within it', () => {
    expect(siteForDomains(['github.com'])?.id).toBe('github');
    expect(siteForDomains(['accounts.google.com'])?.id).toBe('google');
    expect(siteForDomains(['example.org', 'twitter.com'])?.id).toBe('x');
    expect(siteForDomains(['github.com.evil.net', 'localhost', 'not a domain'])).toBeNull();
  });

  it('gives the shape of the first known site, null when none is known or stated', () => {
    expect(shapeForDomains(['x.com'])).toMatchObject({ length: 12, alphabet: 'alnum-lower' });
    expect(shapeForDomains(['slack.com'])).toBeNull();
    expect(shapeForDomains([])).toBeNull();
  });
});
