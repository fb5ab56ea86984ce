// The JSON Schema of gpt-chat.config.json, generated from the settings table (so editors complete every setting
// with its doc and default) plus the lists. `node scripts/config-schema.mjs` writes gpt-chat.config.schema.json;
// test/relay/settings/config-schema.test.ts checks the committed file is this function's output.
import { SETTINGS, type Setting } from './table.js';
import { PROVIDER_NAMES } from './providers.js';
import { MIN_TOKEN_LENGTH } from './values.js';

type Schema = Record<string, unknown>;

/** A `${NAME}` reference: allowed wherever a number or boolean goes, checked once substituted. */
const ENV_REF: Schema = { type: 'string', pattern: '\\$\\{[A-Za-z_][A-Za-z0-9_]*\\}' };

const stringList = (items: Schema = { type: 'string', minLength: 1 }): Schema => ({
  anyOf: [
    { type: 'array', items, minItems: 1 },
    { type: 'string', description: 'comma-separated' },
  ],
});

function kindSchema(setting: Setting): Schema {
  switch (setting.kind) {
    case 'port':
      return { anyOf: [{ type: 'integer', minimum: 0, maximum: 65535 }, ENV_REF] };
    case 'count':
      return { anyOf: [{ type: 'integer', minimum: 0 }, ENV_REF] };
    case 'positive':
      return { anyOf: [{ type: 'integer', minimum: 1 }, ENV_REF] };
    case 'seconds':
      return { anyOf: [{ type: 'number', exclusiveMinimum: 0 }, ENV_REF] };
    case 'bool':
      return { anyOf: [{ type: 'boolean' }, ENV_REF] };
    case 'provider':
      return { enum: [...PROVIDER_NAMES] };
    case 'logFormat':
      return { enum: ['text', 'json', 'off'] };
    case 'url':
      return { type: 'string', pattern: '^(https?://|\\$\\{)' };
    case 'list':
      return stringList();
    case 'tokens':
      return stringList({ type: 'string', minLength: MIN_TOKEN_LENGTH });
    default:
      return { type: 'string', minLength: 1 };
  }
}

const positiveInteger = { type: 'integer', minimum: 1 };
const modelList = { type: 'array', items: { type: 'string', minLength: 1 }, minItems: 1 };

const PROVIDER: Schema = {
  type: 'object',
  additionalProperties: false,
  required: ['name'],
  properties: {
    name: { type: 'string', pattern: '^[^/]+$', description: 'used as provider/model, in owned_by and in logs' },
    preset: { enum: [...PROVIDER_NAMES], description: 'URL and auth style (default: openai-style bearer)' },
    baseURL: { type: 'string', pattern: '^(https?://|\\$\\{)', description: "overrides the preset's URL" },
    keys: { type: 'array', items: { type: 'string', minLength: 1 }, description: 'rotated; use "${ENV_NAME}"' },
    models: { ...modelList, description: 'models this provider answers for (absent: any model nobody lists)' },
    prices: {
      type: 'object',
      description: 'USD per 1M tokens, by model (shown in /v1/models as USD per token, counted for usdPerMonth)',
      additionalProperties: {
        type: 'object',
        additionalProperties: false,
        required: ['prompt', 'completion'],
        properties: { prompt: { type: 'number', minimum: 0 }, completion: { type: 'number', minimum: 0 } },
      },
    },
  },
};

const TOKEN: Schema = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'token'],
  properties: {
    name: { type: 'string', pattern: '^[^/]+$', description: 'shown in logs and /v1/usage instead of the token' },
    token: { type: 'string', minLength: MIN_TOKEN_LENGTH, description: 'gpt-chat token prints one' },
    models: { ...modelList, description: 'models this token may use (absent: any)' },
    requestsPerDay: { ...positiveInteger, description: 'resets 00:00 UTC' },
    tokensPerDay: { ...positiveInteger, description: 'prompt + completion tokens; resets 00:00 UTC' },
    usdPerMonth: {
      type: 'number',
      exclusiveMinimum: 0,
      description: "from the providers' prices; resets on the 1st, UTC",
    },
    expires: { type: 'string', description: 'ISO date or date-time; from then on the token gets 401' },
    admin: { type: 'boolean', description: 'sees every token in /v1/usage' },
  },
};

export function configSchema(): Schema {
  const properties: Record<string, Schema> = {
    $schema: { type: 'string' },
  };
  for (const setting of SETTINGS) {
    if (setting.name === 'config') continue;
    const schema: Schema = { description: setting.doc, ...kindSchema(setting) };
    if (setting.default !== undefined) schema.default = setting.default;
    properties[setting.name] = schema;
  }
  properties.providers = { type: 'array', minItems: 1, items: PROVIDER, description: 'upstreams, routed by model' };
  properties.fallbacks = {
    type: 'object',
    description: 'model → models tried in order on connect error, timeout before headers, 429 or 5xx',
    additionalProperties: modelList,
  };
  properties.tokens = { type: 'array', items: TOKEN, description: 'named access tokens, each with its own limits' };
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://unpkg.com/gpt-chat/gpt-chat.config.schema.json',
    title: 'gpt-chat relay config',
    type: 'object',
    additionalProperties: false,
    properties,
  };
}

/** The committed file's text: the schema, two-space indented, newline-terminated. */
export function configSchemaText(): string {
  return JSON.stringify(configSchema(), null, 2) + '\n';
}
