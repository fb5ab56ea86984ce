// The Markdown export keeps a reply's headings below its own (issue #13 part 7): "#" is the chat, "##" the speaker.
import { describe, expect, it } from 'vitest';
import { demoteHeadings } from '../../demo/src/markdown-headings.js';
import { chatsToMarkdown } from '../../demo/src/transfer.js';
import type { Chat } from '../../demo/src/types.js';

describe('demoteHeadings', () => {
  it('shifts ATX headings, clamps at 6, and leaves code fences and non-headings alone', () => {
    const headings = ['# Summary', 'text #1 and #hashtag', '## Details ##', '#### Deep', '   ### Indented'];
    const demoted = ['### Summary', 'text #1 and #hashtag', '#### Details ##', '###### Deep', '   ##### Indented'];
    const untouched = [
      '#NoSpace',
      '```md',
      '# not a heading',
      '```',
      '~~~~',
      '## nor this',
      '```',
      '~~~~',
      '    # indented code',
      '> # in a quote',
    ];
    const text = [...headings, ...untouched].join('\n');
    expect(demoteHeadings(text, 2).split('\n')).toEqual([...demoted, ...untouched]);
  });

  it('turns setext headings into demoted ATX ones, but not a rule under a list or after a blank line', () => {
    expect(demoteHeadings('Title\n=====\n\nPart\n---\n\n- item\n---\n\nPara\n\n---', 2)).toBe(
      '### Title\n\n#### Part\n\n- item\n---\n\nPara\n\n---',
    );
  });
});

describe('chatsToMarkdown', () => {
  it("keeps the reply's headings below the export's speaker headings", () => {
    const chat = {
      id: 'c1',
      title: 'Boiling',
      createdAt: 0,
      messages: [
        { role: 'user', content: '# My question' },
        { role: 'assistant', content: '# Answer\n\n## Why\n\n```sh\n# a comment\n```' },
      ],
    } as unknown as Chat;
    const md = chatsToMarkdown([chat], { user: 'You', assistant: 'Assistant', system: 'System' });
    const outsideFences = md.replace(/```sh\n[\s\S]*?```/, '');
    const headings = outsideFences.split('\n').filter((l) => /^#{1,6} /.test(l));
    expect(headings).toEqual(['# Boiling', '## You', '### My question', '## Assistant', '### Answer', '#### Why']);
    expect(md).toContain('```sh\n# a comment\n```');
  });
});
