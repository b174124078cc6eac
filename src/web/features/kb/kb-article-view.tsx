import {
  CopyOutlined,
  DislikeOutlined,
  FullscreenOutlined,
  LikeOutlined,
  LinkOutlined,
  PaperClipOutlined,
  WarningOutlined,
  ZoomInOutlined,
  ZoomOutOutlined,
} from '@ant-design/icons';
import { Alert, App, Button, Descriptions, Divider, List, Modal, Space, Spin, Tag, Tooltip, Typography } from 'antd';
import { useCallback, useState } from 'react';
import { MarkedHtml } from '../../components/marked-html';
import { useLoaded } from '../../components/use-loaded';
import { useSubmit } from '../../components/use-submit';
import { type Article, type ArticleSummary, kbApi } from './kb.api';
import { LibraryTag, ValidityTag } from './kb-tags';

const fontSizes = [14, 16, 18, 20, 24];

function SummaryList({
  items,
  empty,
  onOpen,
}: {
  items: ArticleSummary[];
  empty: string;
  onOpen: (id: number) => void;
}) {
  return (
    <List
      size="small"
      locale={{ emptyText: empty }}
      dataSource={items}
      renderItem={(item) => (
        <List.Item key={item.id}>
          <Space size={4} wrap>
            <Typography.Link onClick={() => onOpen(item.id)}>{item.title}</Typography.Link>
            <LibraryTag code={item.library} />
            {(item.validity !== 'in_force' || item.isExpired) && (
              <ValidityTag validity={item.validity} isExpired={item.isExpired} />
            )}
            {item.issuedOn && <Typography.Text type="secondary">{item.issuedOn}</Typography.Text>}
          </Space>
        </List.Item>
      )}
    />
  );
}

/**
 * An article as an agent reads it: its original link, metadata, body at an adjustable font size or
 * in a zoomed reading mode, copy as answer, usefulness votes, related articles and the documents
 * citing it or cited by it. `onOpen` follows a link to another article.
 */
export function KbArticleView({ id, onOpen }: { id: number; onOpen: (id: number) => void }) {
  const { message } = App.useApp();
  const loadArticle = useCallback(() => kbApi.article(id), [id]);
  const { data: article, setData: setArticle } = useLoaded(loadArticle, null as Article | null);
  const [fontIndex, setFontIndex] = useState(1);
  const [isZoomed, setIsZoomed] = useState(false);
  const { submit: vote } = useSubmit((useful: boolean) => kbApi.vote(id, useful), {
    onSuccess: (votes) => setArticle((current) => current && { ...current, votes }),
  });

  // The article of the previous id stays loaded until the new one comes: a spinner in between.
  if (!article || article.id !== id) return <Spin />;

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(article.answerText);
      void message.success('已复制为答复，可粘贴到来电登记的答复内容中');
    } catch {
      void message.error('无法访问剪贴板，请手动复制');
    }
  };
  const body = (size: number) => (
    <div className="kb-article-body" style={{ fontSize: size, lineHeight: 1.8 }}>
      {article.question && (
        <Typography.Paragraph strong style={{ fontSize: size }}>
          问：{article.question}
        </Typography.Paragraph>
      )}
      <MarkedHtml as="div" html={article.body} />
    </div>
  );

  return (
    <Space orientation="vertical" style={{ width: '100%' }} className="kb-article">
      <Space wrap>
        <LibraryTag code={article.library.code} name={article.library.name} />
        <ValidityTag validity={article.validity} isExpired={article.isExpired} />
        {article.category && <Tag>{article.category.path.join(' / ')}</Tag>}
        <Typography.Text type="secondary">第 {article.version} 版</Typography.Text>
      </Space>
      <Typography.Title level={4} style={{ margin: 0 }}>
        {article.title}
      </Typography.Title>
      {(article.validity !== 'in_force' || article.isExpired) && (
        <Alert
          type={article.validity === 'void' ? 'error' : 'warning'}
          showIcon
          title={
            article.isExpired ? `本条已于 ${article.expiresOn} 失效` : (article.validityNote ?? '本条已失效，仅供参考')
          }
        />
      )}
      {article.isFlagged && (
        <Alert type="warning" showIcon icon={<WarningOutlined />} title="本条引用的知识已失效，待编辑复核" />
      )}
      <Space wrap>
        <Button type="primary" icon={<CopyOutlined />} onClick={() => void copy()}>
          复制为答复
        </Button>
        <Tooltip title="缩小字号">
          <Button
            icon={<ZoomOutOutlined />}
            aria-label="缩小字号"
            disabled={fontIndex === 0}
            onClick={() => setFontIndex((i) => Math.max(0, i - 1))}
          />
        </Tooltip>
        <Tooltip title="放大字号">
          <Button
            icon={<ZoomInOutlined />}
            aria-label="放大字号"
            disabled={fontIndex === fontSizes.length - 1}
            onClick={() => setFontIndex((i) => Math.min(fontSizes.length - 1, i + 1))}
          />
        </Tooltip>
        <Button icon={<FullscreenOutlined />} onClick={() => setIsZoomed(true)}>
          阅读模式
        </Button>
        {article.sourceUrl && (
          <Button icon={<LinkOutlined />} href={article.sourceUrl} target="_blank" rel="noreferrer">
            原文链接
          </Button>
        )}
      </Space>
      <Descriptions size="small" column={2} bordered>
        {article.documentNumber && <Descriptions.Item label="文号">{article.documentNumber}</Descriptions.Item>}
        {article.issuer && <Descriptions.Item label="发文机关">{article.issuer}</Descriptions.Item>}
        {article.issuedOn && <Descriptions.Item label="发布日期">{article.issuedOn}</Descriptions.Item>}
        {article.effectiveOn && <Descriptions.Item label="生效日期">{article.effectiveOn}</Descriptions.Item>}
        {article.expiresOn && <Descriptions.Item label="失效日期">{article.expiresOn}</Descriptions.Item>}
        {article.region && <Descriptions.Item label="适用地区">{article.region}</Descriptions.Item>}
        {article.taxKinds.length > 0 && (
          <Descriptions.Item label="税种">{article.taxKinds.map((k) => k.name).join('、')}</Descriptions.Item>
        )}
        {article.taxpayerTypes.length > 0 && (
          <Descriptions.Item label="纳税人类型">
            {article.taxpayerTypes.map((k) => k.name).join('、')}
          </Descriptions.Item>
        )}
        {article.industries.length > 0 && (
          <Descriptions.Item label="行业">{article.industries.map((k) => k.name).join('、')}</Descriptions.Item>
        )}
        {article.keywords.length > 0 && (
          <Descriptions.Item label="关键词">{article.keywords.join('、')}</Descriptions.Item>
        )}
      </Descriptions>
      {body(fontSizes[fontIndex]!)}
      {article.attachments.length > 0 && (
        <List
          size="small"
          header="附件"
          dataSource={article.attachments}
          renderItem={(a) => (
            <List.Item key={a.id}>
              <a href={`/api/kb/attachments/${a.id}`}>
                <PaperClipOutlined /> {a.fileName}
              </a>
            </List.Item>
          )}
        />
      )}
      <Space>
        <Typography.Text>这条知识对答复有帮助吗？</Typography.Text>
        <Button
          icon={<LikeOutlined />}
          type={article.votes.myVote === 'useful' ? 'primary' : 'default'}
          onClick={() => void vote(true)}
        >
          有用 {article.votes.useful}
        </Button>
        <Button
          icon={<DislikeOutlined />}
          type={article.votes.myVote === 'not_useful' ? 'primary' : 'default'}
          onClick={() => void vote(false)}
        >
          没用 {article.votes.notUseful}
        </Button>
      </Space>
      <Divider titlePlacement="start">相关知识</Divider>
      <SummaryList items={article.related} empty="暂无相关知识" onOpen={onOpen} />
      <Divider titlePlacement="start">本条引用的文件</Divider>
      <SummaryList items={article.cites} empty="未引用其他条文" onOpen={onOpen} />
      <Divider titlePlacement="start">引用本条的文件（{article.citedBy.total}）</Divider>
      <SummaryList items={article.citedBy.items} empty="暂无引用本条的文件" onOpen={onOpen} />
      <Modal
        open={isZoomed}
        title={article.title}
        width="90vw"
        footer={null}
        onCancel={() => setIsZoomed(false)}
        styles={{ body: { maxHeight: '75vh', overflow: 'auto' } }}
      >
        {body(24)}
      </Modal>
    </Space>
  );
}
