// Writes gpt-chat.config.schema.json from the settings table (run after the relay's tsc build: scripts/build.mjs
// does). test/relay/settings/config-schema.test.ts fails when the committed file is not this output.
import { writeFileSync } from 'node:fs';
import { configSchemaText } from '../dist/relay/settings/config-schema.js';

writeFileSync(new URL('../gpt-chat.config.schema.json', import.meta.url), configSchemaText());
