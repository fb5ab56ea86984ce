// Which files can be attached: by MIME type first, then by extension (code files often come untyped).
import { describe, expect, it } from 'vitest';
import { acceptList, fileHandling } from '../../../src/widget/attachments/file-types.js';
import { parseAttachmentKinds } from '../../../src/widget/attachments/limits.js';

describe('fileHandling', () => {
  it.each([
    ['cat.jpg', 'image/jpeg', 'image'],
    ['shot.png', '', 'image'],
    ['doc.pdf', 'application/pdf', 'pdf'],
    ['doc.PDF', '', 'pdf'],
    ['notes.md', '', 'text'],
    ['data.csv', 'text/csv', 'text'],
    ['x.json', 'application/json', 'text'],
    ['main.rs', '', 'text'],
    ['server.log', '', 'text'],
    ['Dockerfile', '', 'text'],
    ['icon.svg', 'image/svg+xml', 'text'],
    ['app.exe', 'application/x-msdownload', 'unsupported'],
    ['archive.zip', 'application/zip', 'unsupported'],
    ['movie.mp4', 'video/mp4', 'unsupported'],
  ])('%s (%s) → %s', (name, type, handling) => {
    expect(fileHandling({ name, type })).toBe(handling);
  });
});

describe('parseAttachmentKinds', () => {
  it('reads space-separated kinds and ignores the rest', () => {
    expect([...parseAttachmentKinds('image  file')]).toEqual(['image', 'file']);
    expect([...parseAttachmentKinds('IMAGE video')]).toEqual(['image']);
    expect(parseAttachmentKinds('').size).toBe(0);
    expect(parseAttachmentKinds(undefined).size).toBe(0);
  });
});

describe('acceptList', () => {
  it('offers images, then text and PDF types', () => {
    expect(acceptList(true, false)).toBe('image/*');
    expect(acceptList(false, true)).toContain('.pdf');
    expect(acceptList(false, true)).not.toContain('image/*');
  });
});
