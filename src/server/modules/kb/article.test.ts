import { describe, expect, it } from 'vitest';
import { articleStatuses, canTransition, citationsIn, citeKeyOf, effectiveValidity } from './article';

describe('article rules', () => {
  it('lets a draft go to review, review to published or back, and nothing skip review', () => {
    expect(canTransition('draft', 'review')).toBe(true);
    expect(canTransition('review', 'published')).toBe(true);
    expect(canTransition('review', 'draft')).toBe(true);
    expect(canTransition('draft', 'published')).toBe(false);
    expect(canTransition('archived', 'published')).toBe(false);
    for (const from of articleStatuses) expect(canTransition(from, from)).toBe(false);
  });

  it('counts an article past its expiry date as void', () => {
    expect(effectiveValidity({ validity: 'in_force', expiresOn: '2026-12-31' }, '2026-12-30')).toEqual({
      validity: 'in_force',
      isExpired: false,
    });
    expect(effectiveValidity({ validity: 'in_force', expiresOn: '2026-12-31' }, '2026-12-31')).toEqual({
      validity: 'void',
      isExpired: true,
    });
  });

  it('keys an article of a code by its document and number, or by its document number', () => {
    expect(citeKeyOf({ title: '《中华人民共和国企业所得税法》第二十二条', documentNumber: null })).toBe(
      '企业所得税法第二十二条',
    );
    expect(
      citeKeyOf({ title: '关于小规模纳税人减免增值税的公告', documentNumber: '财政部 税务总局公告2023年第1号' }),
    ).toBe('财政部税务总局公告2023年第1号');
    expect(citeKeyOf({ title: '没有编号的问答', documentNumber: null })).toBeNull();
  });

  it('finds citations by bracketed title, by a known code’s bare name, by 本法 and by document number', () => {
    const text =
      '依照《中华人民共和国税收征收管理法》第六十三条处理；企业所得税法第二十二条规定的应纳税额；本法第三条另有规定；见财税〔2019〕13号和国家税务总局公告2023年第1号。';
    expect(
      citationsIn(text, {
        ownDocument: '企业所得税法实施条例',
        knownDocuments: new Set(['企业所得税法', '税收征收管理法']),
        ownKey: null,
      }).sort(),
    ).toEqual(
      [
        '税收征收管理法第六十三条',
        '企业所得税法第二十二条',
        '企业所得税法实施条例第三条',
        '财税〔2019〕13号',
        '国家税务总局公告2023年第1号',
      ].sort(),
    );
  });

  it('does not cite itself and ignores names of codes it does not know', () => {
    expect(
      citationsIn('依照本法第一条和示范条例第二条。', {
        ownDocument: '示范法',
        knownDocuments: new Set(),
        ownKey: '示范法第一条',
      }),
    ).toEqual([]);
  });
});
