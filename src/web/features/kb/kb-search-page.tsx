import { FilterOutlined, FireOutlined, QuestionCircleOutlined } from '@ant-design/icons';
import {
  Alert,
  Badge,
  Button,
  Card,
  Checkbox,
  Col,
  DatePicker,
  Drawer,
  Empty,
  Input,
  List,
  Row,
  Select,
  Space,
  Spin,
  Tag,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { MarkedHtml } from '../../components/marked-html';
import { useLoaded } from '../../components/use-loaded';
import { type Category, kbApi, type Reference, type SearchFilters, type SearchResult, type Validity } from './kb.api';
import { type AdvancedQuery, KbAdvancedSearch } from './kb-advanced-search';
import { KbArticleView } from './kb-article-view';
import { indexCategories, KbCategoryTree, rollUpCounts } from './kb-category-tree';
import { LibraryTag, ValidityTag, validityNames } from './kb-tags';

const pageSize = 10;
const emptyReference: Reference = {
  libraries: [],
  taxKinds: [],
  industries: [],
  taxpayerTypes: [],
  validities: [],
  statuses: [],
};

interface SearchAids {
  reference: Reference;
  categories: Category[];
  hot: Awaited<ReturnType<typeof kbApi.hot>>;
}

const noSearchAids: SearchAids = { reference: emptyReference, categories: [], hot: [] };

/** The reference lists, the category tree and the hot articles the search page offers around its results. */
async function loadSearchAids(): Promise<SearchAids> {
  const [reference, categories, hot] = await Promise.all([kbApi.reference(), kbApi.categories(), kbApi.hot()]);
  return { reference, categories, hot };
}

/** Counts of a bit-keyed facet as `label (n)` options of a reference list. */
function facetOptions(list: { code: string; name: string }[], counts: Record<string, number> | undefined) {
  return list.map((item, bit) => ({
    value: item.code,
    label: counts ? `${item.name}（${counts[String(bit)] ?? 0}）` : item.name,
  }));
}

/**
 * 知识检索: one box that searches as the agent types (Chinese words, synonyms, typos, pinyin), the
 * category tree that follows the search, filters with facet counts, advanced search, and the
 * article reader in a drawer (`?article=ID` opens it, so an article can be linked).
 */
export function KbSearchPage() {
  const [params, setParams] = useSearchParams();
  const {
    data: { reference, categories, hot },
  } = useLoaded(loadSearchAids, noSearchAids);
  const [text, setText] = useState(params.get('q') ?? '');
  const [filters, setFilters] = useState<SearchFilters>({ q: params.get('q') ?? '' });
  const [advanced, setAdvanced] = useState<AdvancedQuery | null>(null);
  const [isAdvancedOpen, setIsAdvancedOpen] = useState(false);
  const [page, setPage] = useState(1);
  const articleId = params.get('article') ? Number(params.get('article')) : null;
  const index = useMemo(() => indexCategories(categories), [categories]);

  // Search as the agent types: the words settle for a moment, then the results and the tree follow.
  useEffect(() => {
    const timer = setTimeout(() => {
      setFilters((f) => (f.q === text.trim() ? f : { ...f, q: text.trim() }));
      setAdvanced(null);
      setPage(1);
    }, 300);
    return () => clearTimeout(timer);
  }, [text]);

  // A search answered after the next one started is dropped (useLoaded keeps only the current load's answer).
  const search = useCallback(() => {
    const paging = { limit: pageSize, offset: (page - 1) * pageSize };
    return advanced ? kbApi.advancedSearch({ ...advanced, ...paging }) : kbApi.search(filters, paging);
  }, [advanced, filters, page]);
  const { data: result, isLoading } = useLoaded(search, null as SearchResult | null);

  const change = (patch: Partial<SearchFilters>) => {
    setAdvanced(null);
    setFilters((f) => ({ ...f, ...patch }));
    setPage(1);
  };
  const openArticle = (id: number | null) => {
    const next = new URLSearchParams(params);
    if (id === null) next.delete('article');
    else next.set('article', String(id));
    setParams(next);
  };

  const facets = result?.facets ?? null;
  const searching = Boolean(filters.q) || advanced !== null;
  const hitCounts = useMemo(
    () => (searching && facets ? rollUpCounts(index, facets.category) : null),
    [facets, index, searching],
  );
  const selected = filters.category ?? null;
  const relatedTerms = selected !== null ? (index.children.get(selected) ?? []) : [];
  const regions = Object.keys(facets?.region ?? {});

  return (
    <Row gutter={16} className="kb-search-page">
      <Col xs={24} md={6}>
        <Card
          size="small"
          title="目录树"
          extra={
            selected !== null && (
              <Button type="link" size="small" onClick={() => change({ category: null })}>
                全部
              </Button>
            )
          }
        >
          <KbCategoryTree
            categories={categories}
            selectedId={selected}
            hitCounts={hitCounts}
            onSelect={(id) => change({ category: id })}
          />
        </Card>
      </Col>
      <Col xs={24} md={13}>
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Space.Compact style={{ width: '100%' }}>
            <Input.Search
              aria-label="检索知识"
              placeholder="输入问题或关键词，如“个税汇算什么时候办”“zzs 专票”"
              value={text}
              onChange={(e) => setText(e.target.value)}
              onSearch={(v) => change({ q: v.trim() })}
              allowClear
              enterButton="检索"
              size="large"
            />
            <Button size="large" icon={<FilterOutlined />} onClick={() => setIsAdvancedOpen(true)}>
              高级检索
            </Button>
          </Space.Compact>
          <Space wrap size={[16, 8]}>
            <Checkbox.Group
              aria-label="库种"
              value={filters.library ?? []}
              onChange={(v) => change({ library: v as string[] })}
              options={reference.libraries
                .filter((l) => l.isActive)
                .map((l) => ({
                  value: l.code,
                  label: facets ? `${l.name}（${facets.library[l.code] ?? 0}）` : l.name,
                }))}
            />
          </Space>
          <Space wrap>
            <Checkbox.Group
              aria-label="有效性"
              value={filters.validity ?? []}
              onChange={(v) => change({ validity: v as Validity[] })}
              options={(Object.keys(validityNames) as Validity[]).map((v) => ({
                value: v,
                label: facets ? `${validityNames[v]}（${facets.validity[v] ?? 0}）` : validityNames[v],
              }))}
            />
            <Select
              mode="multiple"
              allowClear
              aria-label="税种"
              placeholder="税种"
              style={{ minWidth: 160 }}
              value={filters.taxKind ?? []}
              onChange={(v) => change({ taxKind: v })}
              options={facetOptions(reference.taxKinds, facets?.taxKind)}
            />
            <Select
              mode="multiple"
              allowClear
              aria-label="纳税人类型"
              placeholder="纳税人类型"
              style={{ minWidth: 160 }}
              value={filters.taxpayerType ?? []}
              onChange={(v) => change({ taxpayerType: v })}
              options={facetOptions(reference.taxpayerTypes, facets?.taxpayerType)}
            />
            <Select
              mode="multiple"
              allowClear
              aria-label="行业"
              placeholder="行业"
              style={{ minWidth: 160 }}
              value={filters.industry ?? []}
              onChange={(v) => change({ industry: v })}
              options={facetOptions(reference.industries, facets?.industry)}
            />
            <Select
              mode="multiple"
              allowClear
              aria-label="地区"
              placeholder="地区"
              style={{ minWidth: 120 }}
              value={filters.region ?? []}
              onChange={(v) => change({ region: v })}
              options={regions.map((r) => ({ value: r, label: `${r}（${facets?.region[r] ?? 0}）` }))}
            />
            <DatePicker.RangePicker
              aria-label="发布日期"
              placeholder={['发布日期起', '发布日期止']}
              onChange={(dates: [Dayjs | null, Dayjs | null] | null) =>
                change({ from: dates?.[0]?.format('YYYY-MM-DD') ?? null, to: dates?.[1]?.format('YYYY-MM-DD') ?? null })
              }
            />
            <Select
              aria-label="排序"
              value={filters.sort ?? 'relevance'}
              onChange={(v) => change({ sort: v })}
              options={[
                { value: 'relevance', label: '按相关度' },
                { value: 'newest', label: '按发布日期' },
              ]}
            />
          </Space>
          {relatedTerms.length > 0 && (
            <Space wrap size={4} aria-label="备用词">
              <Typography.Text type="secondary">备用词：</Typography.Text>
              {relatedTerms.map((c) => (
                <Tag.CheckableTag key={c.id} checked={false} onChange={() => change({ category: c.id })}>
                  {c.name}
                  {hitCounts ? `（${hitCounts.get(c.id) ?? 0}）` : `（${c.count}）`}
                </Tag.CheckableTag>
              ))}
            </Space>
          )}
          {advanced && (
            <Alert
              type="info"
              showIcon
              title={`高级检索：${advanced.clauses.map((c) => `${c.op === 'and' ? '与' : c.op === 'or' ? '或' : '非'}「${c.text}」`).join(' ')}`}
              action={
                <Button size="small" onClick={() => setAdvanced(null)}>
                  清除
                </Button>
              }
            />
          )}
          {result && result.corrections.length > 0 && (
            <Alert
              type="info"
              showIcon
              title={`已按“${result.corrections.map((c) => c.to).join('、')}”检索（输入的是“${result.corrections.map((c) => c.from).join('、')}”）`}
            />
          )}
          {result?.relaxed && (
            <Alert type="warning" showIcon title="没有同时包含全部词语的知识，以下结果只包含部分词语" />
          )}
          <Spin spinning={isLoading}>
            {result && (
              <Typography.Text type="secondary">
                共 {result.total} 条（{result.tookMs} 毫秒）
              </Typography.Text>
            )}
            <List
              itemLayout="vertical"
              locale={{ emptyText: <Empty description="没有找到相关知识" /> }}
              dataSource={result?.hits ?? []}
              pagination={
                result && result.total > pageSize
                  ? {
                      current: page,
                      pageSize,
                      total: Math.min(result.total, 10_000),
                      showSizeChanger: false,
                      onChange: setPage,
                    }
                  : false
              }
              renderItem={(hit) => (
                <List.Item key={hit.id} className="kb-hit">
                  <Space orientation="vertical" size={2} style={{ width: '100%' }}>
                    <Space wrap size={4}>
                      <Typography.Link onClick={() => openArticle(hit.id)} className="kb-hit-title">
                        <MarkedHtml html={hit.title} />
                      </Typography.Link>
                      <LibraryTag
                        code={hit.library}
                        name={reference.libraries.find((l) => l.code === hit.library)?.name}
                      />
                      <ValidityTag validity={hit.validity} isExpired={hit.isExpired} />
                    </Space>
                    <MarkedHtml as="div" html={hit.snippet} className="kb-snippet" />
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {[
                        hit.documentNumber,
                        hit.issuer,
                        hit.issuedOn,
                        hit.categoryId !== null ? index.byId.get(hit.categoryId)?.name : null,
                      ]
                        .filter(Boolean)
                        .join(' · ')}
                    </Typography.Text>
                  </Space>
                </List.Item>
              )}
            />
          </Spin>
        </Space>
      </Col>
      <Col xs={24} md={5}>
        <Card
          size="small"
          title={
            <Space>
              <FireOutlined />
              本周热点问题
            </Space>
          }
        >
          <List
            size="small"
            locale={{ emptyText: '本周暂无' }}
            dataSource={hot}
            renderItem={(h, i) => (
              <List.Item key={h.id}>
                <Space align="start">
                  <Badge count={i + 1} color={i < 3 ? 'red' : 'gray'} />
                  <Typography.Link onClick={() => openArticle(h.id)}>{h.title}</Typography.Link>
                </Space>
              </List.Item>
            )}
          />
        </Card>
        <Card size="small" style={{ marginTop: 16 }}>
          <Link to="/kb/help">
            <QuestionCircleOutlined /> 检索帮助
          </Link>
        </Card>
      </Col>
      <KbAdvancedSearch
        open={isAdvancedOpen}
        libraries={reference.libraries}
        onClose={() => setIsAdvancedOpen(false)}
        onSearch={(query) => {
          setIsAdvancedOpen(false);
          setAdvanced(query);
          setPage(1);
        }}
      />
      <Drawer open={articleId !== null} size={820} onClose={() => openArticle(null)} title="知识详情" destroyOnHidden>
        {articleId !== null && <KbArticleView id={articleId} onOpen={openArticle} />}
      </Drawer>
    </Row>
  );
}
