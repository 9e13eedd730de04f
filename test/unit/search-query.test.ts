import { describe, expect, it } from 'vitest';
import { queryText, splitCompound } from '../../src/modules/search/search.query.js';

describe('queryText: a post as sent, as the words worth matching', () => {
  it('removes links, also when glued to the word before them', () => {
    expect(queryText('Minecraft is NOT stopping #Minecrafthttps://t.co/V4Lzv97qOc — Helen')).toBe('Minecraft is NOT stopping #Minecraft — Helen');
    expect(queryText('see pic.twitter.com/0eJtwJyS1J and www.example.com/a?b=c now')).toBe('see and now');
    expect(queryText('http://a.b/c')).toBe('');
  });

  it('keeps hashtags and handles and adds their parts', () => {
    expect(queryText('the #AustralianFires')).toBe('the #AustralianFires Australian Fires');
    expect(queryText('(@IlhanMN) said')).toBe('(@IlhanMN Ilhan MN) said');
    expect(queryText('#covid19 #BLM')).toBe('#covid19 #BLM');
    expect(queryText('@black_lives_matter')).toBe('@black_lives_matter black lives matter');
  });

  it('keeps the signature line, which names who posted', () => {
    expect(queryText('Vote on Thursday. — Jeremy Corbyn (@jeremycorbyn) December 9, 2019')).toBe(
      'Vote on Thursday. — Jeremy Corbyn (@jeremycorbyn) December 9, 2019',
    );
  });

  it('folds whitespace', () => {
    expect(queryText('  a \n\t b  ')).toBe('a b');
  });
});

describe('splitCompound', () => {
  it('splits camel case, digits and underscores', () => {
    expect(splitCompound('AustralianFires')).toBe('Australian Fires');
    expect(splitCompound('COVID19Vaccine')).toBe('COVID19 Vaccine');
    expect(splitCompound('NASAMission')).toBe('NASA Mission');
    expect(splitCompound('lower')).toBe('lower');
  });
});
