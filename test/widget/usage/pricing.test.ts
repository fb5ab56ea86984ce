import { describe, expect, it } from 'vitest';
import { modelsUrlFor, pricesFrom } from '../../../src/widget/usage/pricing.js';

describe('modelsUrlFor', () => {
  it('is the chat endpoint’s sibling /models, query kept', () => {
    expect(modelsUrlFor('/v1/chat/completions', 'https://a.example/page')).toBe('https://a.example/v1/models');
    expect(modelsUrlFor('https://r.example/x/v1/chat/completions?k=1')).toBe('https://r.example/x/v1/models?k=1');
  });

  it('is null for an endpoint that is not chat completions', () => {
    expect(modelsUrlFor('/api/chat', 'https://a.example/')).toBeNull();
    expect(modelsUrlFor('http://[bad', undefined)).toBeNull();
  });
});

describe('pricesFrom', () => {
  it('reads OpenRouter-style string prices; skips unpriced, variable (-1) and junk entries', () => {
    const prices = pricesFrom({
      data: [
        { id: 'a', pricing: { prompt: '0.000001', completion: '0.000002' } },
        { id: 'free', pricing: { prompt: '0', completion: '0' } },
        { id: 'router', pricing: { prompt: '-1', completion: '-1' } },
        { id: 'none' },
        { id: 'bad', pricing: { prompt: 'abc', completion: '1' } },
        null,
        { pricing: { prompt: '1', completion: '1' } },
      ],
    });
    expect([...prices.keys()]).toEqual(['a', 'free']);
    expect(prices.get('a')).toEqual({ prompt: 0.000001, completion: 0.000002 });
  });

  it('is empty for anything that is not a list', () => {
    expect(pricesFrom(null).size).toBe(0);
    expect(pricesFrom({ data: 'x' }).size).toBe(0);
  });
});
