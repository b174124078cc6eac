import { DownloadOutlined, PlusOutlined, UploadOutlined, WarningOutlined } from '@ant-design/icons';
import { Button, Checkbox, Drawer, Input, List, Modal, Select, Space, Tooltip, Typography, Upload } from 'antd';
import { useState } from 'react';
import { PagedTable, type PageSlice, usePagedList } from '../../components/paged-table';
import { useLoaded } from '../../components/use-loaded';
import { useSubmit } from '../../components/use-submit';
import { formatDateTime } from '../../dates';
import { hasPermission, useCurrentUser } from '../auth/auth-context';
import {
  type ArticleStatus,
  type Category,
  type ImportResult,
  importFile,
  kbApi,
  type ManagedListItem,
  type Reference,
} from './kb.api';
import { KbArticleEditor } from './kb-article-editor';
import { StatusTag, statusNames, ValidityTag } from './kb-tags';

const emptyReference: Reference = {
  libraries: [],
  taxKinds: [],
  industries: [],
  taxpayerTypes: [],
  validities: [],
  statuses: [],
};

interface ManageFilters {
  status?: ArticleStatus;
  library?: string;
  q: string;
  flaggedOnly: boolean;
}

const loadManaged = ({ status, library, q, flaggedOnly, limit, offset }: ManageFilters & PageSlice) =>
  kbApi.manageList({
    status,
    library,
    q: q.trim() || undefined,
    flagged: flaggedOnly ? 'true' : undefined,
    limit,
    offset,
  });

const noCatalog: { reference: Reference; categories: Category[] } = { reference: emptyReference, categories: [] };

/** The reference lists and the category tree the filters and the editor choose from. */
async function loadCatalog() {
  const [reference, categories] = await Promise.all([kbApi.reference(), kbApi.categories()]);
  return { reference, categories };
}

/**
 * 知识管理: every article whatever its state (草稿, 待审核, 已发布, 已下架), those citing a void
 * article flagged, the editor in a drawer, and import (.jsonl / .xlsx) and export.
 */
export function KbManagePage() {
  const user = useCurrentUser();
  const {
    data: { reference, categories },
  } = useLoaded(loadCatalog, noCatalog);
  const list = usePagedList<ManagedListItem, ManageFilters>(loadManaged, { q: '', flaggedOnly: false });
  const { filters, search, reload } = list;
  const { status, library, flaggedOnly } = filters;
  const [editing, setEditing] = useState<number | 'new' | null>(null);
  const [imported, setImported] = useState<ImportResult | null>(null);
  const canImport = hasPermission(user, 'kb.publish');

  const { submit: importArticles } = useSubmit(importFile, {
    onSuccess: (result) => {
      setImported(result);
      reload();
    },
  });

  const libraryName = (code: string) => reference.libraries.find((l) => l.code === code)?.name ?? code;

  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Space wrap>
        <Input.Search
          aria-label="查找知识"
          placeholder="标题、文号或导入编号"
          allowClear
          onSearch={(v) => {
            search({ ...filters, q: v });
          }}
          style={{ width: 260 }}
        />
        <Select
          aria-label="状态"
          allowClear
          placeholder="全部状态"
          style={{ width: 130 }}
          value={status}
          onChange={(v) => {
            search({ ...filters, status: v });
          }}
          options={(Object.keys(statusNames) as ArticleStatus[]).map((s) => ({ value: s, label: statusNames[s] }))}
        />
        <Select
          aria-label="库种"
          allowClear
          placeholder="全部库种"
          style={{ width: 150 }}
          value={library}
          onChange={(v) => {
            search({ ...filters, library: v });
          }}
          options={reference.libraries.map((l) => ({ value: l.code, label: l.name }))}
        />
        <Checkbox
          checked={flaggedOnly}
          onChange={(e) => {
            search({ ...filters, flaggedOnly: e.target.checked });
          }}
        >
          只看待复核（引用的知识已失效）
        </Checkbox>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
          新建知识
        </Button>
        {canImport && (
          <Upload
            accept=".jsonl,.ndjson,.xlsx"
            showUploadList={false}
            customRequest={({ file }) => void importArticles(file as File)}
          >
            <Button icon={<UploadOutlined />}>导入（.jsonl / .xlsx）</Button>
          </Upload>
        )}
        <Button icon={<DownloadOutlined />} href={`/api/kb/export?format=jsonl${library ? `&library=${library}` : ''}`}>
          导出 JSONL
        </Button>
        <Button icon={<DownloadOutlined />} href={`/api/kb/export?format=xlsx${library ? `&library=${library}` : ''}`}>
          导出 Excel
        </Button>
      </Space>
      <PagedTable<ManagedListItem, ManageFilters>
        list={list}
        showSizeChanger={false}
        showTotal={false}
        rowKey="id"
        size="small"
        columns={[
          {
            title: '标题',
            render: (_, r) => (
              <Space size={4}>
                {r.isFlagged && (
                  <Tooltip title="引用的知识已失效，待复核">
                    <WarningOutlined style={{ color: '#fa8c16' }} aria-label="待复核" />
                  </Tooltip>
                )}
                <Typography.Link onClick={() => setEditing(r.id)}>{r.title}</Typography.Link>
              </Space>
            ),
          },
          { title: '库种', width: 110, render: (_, r) => libraryName(r.libraryCode) },
          { title: '状态', width: 90, render: (_, r) => <StatusTag status={r.status} /> },
          { title: '有效性', width: 100, render: (_, r) => <ValidityTag validity={r.validity} /> },
          {
            title: '线上版本',
            width: 90,
            render: (_, r) => (r.publishedVersion ? `第 ${r.publishedVersion} 版` : '—'),
          },
          { title: '更新时间', width: 170, render: (_, r) => formatDateTime(r.updatedAt) },
        ]}
      />
      <Drawer
        open={editing !== null}
        size={960}
        title={editing === 'new' ? '新建知识' : '编辑知识'}
        onClose={() => setEditing(null)}
        destroyOnHidden
      >
        {editing !== null && (
          <KbArticleEditor
            id={editing === 'new' ? null : editing}
            reference={reference}
            categories={categories}
            onSaved={(id) => {
              setEditing(id);
              reload();
            }}
          />
        )}
      </Drawer>
      <Modal
        open={imported !== null}
        title="导入结果"
        footer={<Button onClick={() => setImported(null)}>关闭</Button>}
        onCancel={() => setImported(null)}
      >
        {imported && (
          <Space orientation="vertical" style={{ width: '100%' }}>
            <Typography.Text>
              新增 {imported.created} 条，更新 {imported.updated} 条，失败 {imported.failed.length} 行
            </Typography.Text>
            {imported.failed.length > 0 && (
              <List
                size="small"
                bordered
                dataSource={imported.failed.slice(0, 200)}
                renderItem={(f) => (
                  <List.Item key={f.line}>
                    第 {f.line} 行：{f.error}
                  </List.Item>
                )}
              />
            )}
          </Space>
        )}
      </Modal>
    </Space>
  );
}
