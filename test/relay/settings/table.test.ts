// The settings table: the README's flag table is its rendering, and every row is well formed.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SETTINGS, settingsMarkdown } from '../../../src/relay/settings/table.js';
import { KINDS } from '../../../src/relay/settings/values.js';

const README = new URL('../../../README.md', import.meta.url);
const START = '<!-- settings-table:start -->\n';
const END = '\n<!-- settings-table:end';

describe('settings table', () => {
  it("the README's flag table is the table's rendering (copy settingsMarkdown() between the markers)", () => {
    const readme = readFileSync(README, 'utf8');
    const from = readme.indexOf(START);
    const to = readme.indexOf(END);
    expect(from).toBeGreaterThan(0);
    expect(readme.slice(from + START.length, to)).toBe(settingsMarkdown());
  });

  it('names, flags and variables are unique; every default passes its own kind', () => {
    for (const key of ['name', 'flag'] as const) {
      expect(new Set(SETTINGS.map((setting) => setting[key])).size).toBe(SETTINGS.length);
    }
    const env = SETTINGS.flatMap((setting) => setting.env);
    expect(new Set(env).size).toBe(env.length);
    for (const setting of SETTINGS) {
      if (setting.default === undefined || setting.kind === 'bool') continue;
      expect(KINDS[setting.kind](String(setting.default)), setting.name).toEqual(setting.default);
    }
  });
});
