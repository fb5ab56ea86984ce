// The published JSON Schema is the settings table's: the committed file equals the generator's output, and it
// names every setting of the table (so an editor completes each one).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { configSchema, configSchemaText } from '../../../src/relay/settings/config-schema.js';
import { SETTINGS } from '../../../src/relay/settings/table.js';

const FILE = new URL('../../../gpt-chat.config.schema.json', import.meta.url);

describe('config schema', () => {
  it('the committed gpt-chat.config.schema.json is the generated one (node scripts/config-schema.mjs)', () => {
    expect(readFileSync(FILE, 'utf8')).toBe(configSchemaText());
  });

  it('has every setting of the table (but config itself) and the three lists, nothing else', () => {
    const keys = Object.keys((configSchema().properties as Record<string, unknown>) ?? {});
    const expected = SETTINGS.filter((s) => s.name !== 'config').map((s) => s.name);
    expect(keys.sort()).toEqual(['$schema', ...expected, 'fallbacks', 'providers', 'tokens'].sort());
  });

  it('is published with the package', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as {
      files: string[];
    };
    expect(pkg.files).toContain('gpt-chat.config.schema.json');
  });
});
