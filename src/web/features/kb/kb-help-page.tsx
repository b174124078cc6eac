import { Card, Space, Table, Typography } from 'antd';

const examples = [
  { input: '个税汇算什么时候办', finds: '按“个人所得税”“汇算清缴”检索，提示问法“什么时候”的答复（期限、日内）靠前' },
  { input: '专票 丢失', finds: '专票 = 增值税专用发票，同义词和缩略语由管理员维护' },
  { input: '隔人所得税', finds: '同音错字自动纠正为“个人所得税”，结果上方会提示' },
  { input: 'zzs 纳税地点', finds: '拼音首字母 zzs 读作“增值税”；全拼 zengzhishui 也可以' },
  { input: '申报期限', finds: '也找到只写“申报”和“期限”的条文；同时包含全部词语的排在前面' },
];

/** 检索帮助: how to search the knowledge base. */
export function KbHelpPage() {
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Card title="如何检索知识库">
        <Typography.Paragraph>
          在检索框中直接输入纳税人的问题或关键词，边输入边出结果。系统会把句子切分成税收词语，自动去掉“怎么、吗、是否”等问句用词，按标题、问题、关键词、正文加权排序；现行有效的、发布日期较新的、坐席常采用的知识在相关度相同时靠前。
        </Typography.Paragraph>
        <Table
          size="small"
          pagination={false}
          rowKey="input"
          dataSource={examples}
          columns={[
            { title: '输入', dataIndex: 'input', width: 200 },
            { title: '检索方式', dataIndex: 'finds' },
          ]}
        />
      </Card>
      <Card title="缩小范围">
        <Typography.Paragraph>
          左侧目录树按“税种 → 业务 →
          事项”排列，括号内是条数；输入检索词后目录树会展开到结果最多的目录。选中一个目录后，其下级目录作为“备用词”显示，点击即可进一步缩小范围。还可以按库种、有效性、税种、纳税人类型、行业、地区和发布日期筛选，每个选项后的数字是当前结果中的条数。
        </Typography.Paragraph>
        <Typography.Paragraph>
          “高级检索”可以按标题、正文、文号、发文机关分别设条件，用“并且、或者、不含”组合，例如：标题含“车船税法”并且不含“实施条例”。
        </Typography.Paragraph>
      </Card>
      <Card title="阅读和答复">
        <Typography.Paragraph>
          打开知识可调整字号或进入阅读模式，查看原文链接、相关知识、本条引用的文件和引用本条的文件。“复制为答复”把正文复制到剪贴板；在来电工作台中点“采用”会把答复填入来电登记，并记录采用了哪条知识，用于热点问题和检索排序。
        </Typography.Paragraph>
        <Typography.Paragraph>
          标有“全文失效”“已过期失效”的知识仅供参考；失效日期一到，知识自动显示为失效。引用了失效知识的条目会提示编辑复核。
        </Typography.Paragraph>
      </Card>
    </Space>
  );
}
