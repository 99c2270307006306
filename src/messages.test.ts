import { describe, expect, it } from 'vitest';
import { frameAddress } from './messages';

describe('frameAddress: the address a frame is judged by', () => {
  it('is a web frame’s own URL, whatever origin comes with it', () => {
    expect(frameAddress('https://github.com/sessions/two-factor', 'https://github.com')).toBe(
      'https://github.com/sessions/two-factor',
    );
    // A frame's URL is never replaced by a reported origin, even a different one.
    expect(frameAddress('https://evil.example/x', 'https://github.com')).toBe(
      'https://evil.example/x',
    );
    expect(frameAddress('http://intranet.test/2fa', undefined)).toBe('http://intranet.test/2fa');
  });

  it('is the inherited origin for a frame the page wrote itself (about:srcdoc, about:blank)', () => {
    for (const url of ['about:srcdoc', 'about:blank', 'about:blank#x']) {
      expect(frameAddress(url, 'https://accounts.example.com')).toBe(
        'https://accounts.example.com/',
      );
      expect(frameAddress(url, 'http://localhost:8080')).toBe('http://localhost:8080/');
    }
  });

  it('stays about: when the browser vouches for no web origin', () => {
    for (const origin of [undefined, '', 'null', 'moz-extension://abc', 'file://', 'data:']) {
      expect(frameAddress('about:srcdoc', origin)).toBe('about:srcdoc');
    }
    // Something that is not an origin (a path, a second URL) is not taken either.
    expect(frameAddress('about:blank', 'https://a.example/path')).toBe('about:blank');
    expect(frameAddress('about:blank', 'https://a.example https://b.example')).toBe('about:blank');
    expect(frameAddress(undefined, 'https://a.example')).toBeUndefined();
  });
});
