import { CopyOutlined, ExportOutlined } from '@ant-design/icons';
import { App, Button, Empty, Input, List, Space, Spin, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { errorMessage } from '../api';
import { fetchSuggestions, type Suggestion } from '../features/kb/kb.api';
import { LibraryTag, ValidityTag } from '../features/kb/kb-tags';
import { MarkedHtml, plainTextOf } from './marked-html';

export interface UsedArticle {
  id: number;
  title: string;
  answerText: string;
}

const debounceMs = 250;

/**
 * Knowledge suggestions beside a form: while `query` (the caller's question as the agent types it)
 * changes, the best matching articles appear and update — debounced, and a newer keystroke cancels
 * the request still under way. The agent can refine the words in the panel's own box. "采用"
 * hands the article to the form (`onUseArticle`); "复制为答复" copies its text.
 */
export function KbSearchPanel({
  query,
  onUseArticle,
}: {
  query: string;
  onUseArticle?: (article: UsedArticle) => void;
}) {
  const { message } = App.useApp();
  const [ownQuery, setOwnQuery] = useState<string | null>(null);
  const [hits, setHits] = useState<Suggestion[]>([]);
  const [isLoading, setIsLoading] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const controller = useRef<AbortController | null>(null);
  const text = (ownQuery ?? query).trim();

  // The form's question takes over again whenever it changes.
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset the refinement when the form's question changes.
  useEffect(() => setOwnQuery(null), [query]);

  useEffect(() => {
    if (!text) {
      controller.current?.abort();
      setHits([]);
      setProblem(null);
      return;
    }
    const timer = setTimeout(() => {
      controller.current?.abort();
      const current = new AbortController();
      controller.current = current;
      setIsLoading(true);
      fetchSuggestions(text, current.signal)
        .then((found) => {
          if (current.signal.aborted) return;
          setHits(found);
          setProblem(null);
        })
        .catch((error: unknown) => {
          if (current.signal.aborted || (error as Error).name === 'AbortError') return;
          setProblem(errorMessage(error));
        })
        .finally(() => {
          if (!current.signal.aborted) setIsLoading(false);
        });
    }, debounceMs);
    return () => clearTimeout(timer);
  }, [text]);

  useEffect(() => () => controller.current?.abort(), []);

  const copy = async (hit: Suggestion) => {
    try {
      await navigator.clipboard.writeText(hit.answerText);
      void message.success('已复制为答复');
    } catch {
      void message.error('无法访问剪贴板，请手动复制');
    }
  };

  return (
    <Space orientation="vertical" style={{ width: '100%' }} className="kb-search-panel">
      <Input.Search
        placeholder="知识库检索：输入问题或关键词，支持拼音首字母"
        value={ownQuery ?? query}
        onChange={(e) => setOwnQuery(e.target.value)}
        allowClear
        aria-label="知识库检索"
      />
      {problem && <Typography.Text type="danger">{problem}</Typography.Text>}
      <Spin spinning={isLoading} size="small">
        {hits.length === 0 ? (
          <Empty
            image={Empty.PRESENTED_IMAGE_SIMPLE}
            description={text ? '没有找到相关知识' : '输入来电问题后自动推荐知识'}
          />
        ) : (
          <List
            size="small"
            dataSource={hits}
            renderItem={(hit) => (
              <List.Item
                key={hit.id}
                actions={[
                  ...(onUseArticle
                    ? [
                        <Button
                          key="use"
                          size="small"
                          type="primary"
                          onClick={() =>
                            onUseArticle({ id: hit.id, title: plainTextOf(hit.title), answerText: hit.answerText })
                          }
                        >
                          采用
                        </Button>,
                      ]
                    : []),
                  <Button key="copy" size="small" icon={<CopyOutlined />} onClick={() => void copy(hit)}>
                    复制为答复
                  </Button>,
                ]}
              >
                <List.Item.Meta
                  title={
                    <Space size={4} wrap>
                      <a href={`/kb?article=${hit.id}`} target="_blank" rel="noreferrer" title="在知识库中查看">
                        <MarkedHtml html={hit.title} /> <ExportOutlined />
                      </a>
                      <LibraryTag code={hit.library} />
                      {(hit.validity !== 'in_force' || hit.isExpired) && (
                        <ValidityTag validity={hit.validity} isExpired={hit.isExpired} />
                      )}
                    </Space>
                  }
                  description={<MarkedHtml html={hit.snippet} className="kb-snippet" />}
                />
              </List.Item>
            )}
          />
        )}
      </Spin>
    </Space>
  );
}
