import Decimal from 'decimal.js';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { isValidDate, shanghaiDate } from '../../platform/dates';
import type { AppDeps } from '../../platform/deps';
import {
  reconcileAnnualIncome,
  type remunerationKinds,
  taxAnnualBonus,
  withholdOnRemuneration,
  withholdOnWages,
} from './iit';
import { computeStampDuty, computeSurcharges, halveSixTaxesTwoFees } from './local-taxes';
import { sixTaxesTwoFeesKinds, smallTaxpayerCategories, stampDutyItems, urbanLocations } from './local-taxes.rates';
import { moneyInput, ZERO } from './money';
import { listPolicies } from './policy-catalogue';
import { computeGeneralVat, computeSmallScaleVat } from './vat';
import { generalRateCodes } from './vat.rates';

const optionalMoney = moneyInput.optional();
const date = z.string().refine(isValidDate, '须为有效日期，格式 YYYY-MM-DD').optional();
const year = z.number().int().min(2000).max(2100).optional();
const category = z.enum(smallTaxpayerCategories);

/** Decimals to JSON numbers (amounts are already exact to the fen, rates keep their digits). */
function toJson(value: unknown): unknown {
  if (Decimal.isDecimal(value)) return Number((value as Decimal).toFixed());
  if (Array.isArray(value)) return value.map(toJson);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => [k, toJson(v)]),
    );
  }
  return value;
}

const wagesBody = z.strictObject({
  months: z
    .array(
      z.strictObject({
        income: moneyInput,
        socialInsurance: moneyInput,
        specialAdditionalDeductions: moneyInput,
        otherDeductions: optionalMoney,
      }),
    )
    .min(1, '至少填写一个月')
    .max(12, '最多 12 个月'),
  year,
});

const remunerationBody = z.strictObject({ income: moneyInput, date });

/** The calculators (小工具): pure computations, nothing stored; every agent-facing role may use them. */
export const toolsRoutes: FastifyPluginAsyncZod<{ deps: AppDeps }> = async (app, { deps }) => {
  const today = () => shanghaiDate(deps.clock.now());
  const yearEnd = (y: number | undefined) => (y === undefined ? today() : `${y}-12-31`);
  const tags = ['tools'];

  app.post(
    '/api/tools/iit/wages',
    {
      config: { access: 'tools.use' },
      schema: { tags, summary: '工资薪金个人所得税（累计预扣法，逐月）', body: wagesBody },
    },
    async (request) => toJson(withholdOnWages(request.body.months, yearEnd(request.body.year))),
  );

  app.post(
    '/api/tools/iit/annual-bonus',
    {
      config: { access: 'tools.use' },
      schema: {
        tags,
        summary: '全年一次性奖金单独计税',
        body: z.strictObject({ bonus: moneyInput, year }),
      },
    },
    async (request) => toJson(taxAnnualBonus(request.body.bonus, yearEnd(request.body.year))),
  );

  const remuneration = [
    ['/api/tools/iit/labour', 'labour', '劳务报酬所得预扣预缴'],
    ['/api/tools/iit/author-remuneration', 'author', '稿酬所得预扣预缴'],
    ['/api/tools/iit/royalties', 'royalty', '特许权使用费所得预扣预缴'],
  ] as const satisfies ReadonlyArray<readonly [string, (typeof remunerationKinds)[number], string]>;
  for (const [url, kind, summary] of remuneration) {
    app.post(
      url,
      { config: { access: 'tools.use' }, schema: { tags, summary, body: remunerationBody } },
      async (request) => toJson(withholdOnRemuneration(kind, request.body.income, request.body.date ?? today())),
    );
  }

  app.post(
    '/api/tools/iit/annual-reconciliation',
    {
      config: { access: 'tools.use' },
      schema: {
        tags,
        summary: '综合所得年度汇算应退（补）税额',
        body: z.strictObject({
          year: z.number().int().min(2019).max(2100),
          wages: optionalMoney,
          labour: optionalMoney,
          author: optionalMoney,
          royalties: optionalMoney,
          socialInsurance: optionalMoney,
          specialAdditionalDeductions: optionalMoney,
          otherDeductions: optionalMoney,
          donations: optionalMoney,
          withheld: optionalMoney,
        }),
      },
    },
    async (request) => {
      const b = request.body;
      return toJson(
        reconcileAnnualIncome({
          year: b.year,
          wages: b.wages ?? ZERO,
          labour: b.labour ?? ZERO,
          author: b.author ?? ZERO,
          royalties: b.royalties ?? ZERO,
          socialInsurance: b.socialInsurance ?? ZERO,
          specialAdditionalDeductions: b.specialAdditionalDeductions ?? ZERO,
          otherDeductions: b.otherDeductions ?? ZERO,
          donations: b.donations ?? ZERO,
          withheld: b.withheld ?? ZERO,
        }),
      );
    },
  );

  app.post(
    '/api/tools/vat/small-scale',
    {
      config: { access: 'tools.use' },
      schema: {
        tags,
        summary: '小规模纳税人增值税',
        body: z.strictObject({
          periodType: z.enum(['month', 'quarter']),
          date,
          sales: moneyInput,
          specialInvoiceSales: optionalMoney,
          includesTax: z.boolean().default(false),
        }),
      },
    },
    async (request) => {
      const b = request.body;
      const special = b.specialInvoiceSales ?? ZERO;
      return toJson(
        computeSmallScaleVat({
          periodType: b.periodType,
          date: b.date ?? today(),
          sales: b.sales,
          specialInvoiceSales: special,
          includesTax: b.includesTax,
        }),
      );
    },
  );

  app.post(
    '/api/tools/vat/general',
    {
      config: { access: 'tools.use' },
      schema: {
        tags,
        summary: '一般纳税人增值税（销项减进项）',
        body: z.strictObject({
          date,
          lines: z
            .array(z.strictObject({ rate: z.enum(generalRateCodes), sales: moneyInput }))
            .min(1)
            .max(20),
          inputTax: optionalMoney,
          inputTaxTransferredOut: optionalMoney,
          previousCredit: optionalMoney,
        }),
      },
    },
    async (request) => {
      const b = request.body;
      return toJson(
        computeGeneralVat({
          date: b.date ?? today(),
          lines: b.lines,
          inputTax: b.inputTax ?? ZERO,
          inputTaxTransferredOut: b.inputTaxTransferredOut ?? ZERO,
          previousCredit: b.previousCredit ?? ZERO,
        }),
      );
    },
  );

  app.post(
    '/api/tools/stamp-duty',
    {
      config: { access: 'tools.use' },
      schema: {
        tags,
        summary: '印花税（按税目）',
        body: z.strictObject({
          date,
          category: category.default('other'),
          lines: z
            .array(z.strictObject({ item: z.enum(stampDutyItems), amount: moneyInput }))
            .min(1)
            .max(50),
        }),
      },
    },
    async (request) => toJson(computeStampDuty({ ...request.body, date: request.body.date ?? today() })),
  );

  app.post(
    '/api/tools/six-taxes-two-fees',
    {
      config: { access: 'tools.use' },
      schema: {
        tags,
        summary: '六税两费减半征收',
        body: z.strictObject({
          date,
          category,
          lines: z
            .array(z.strictObject({ kind: z.enum(sixTaxesTwoFeesKinds), amount: moneyInput }))
            .min(1)
            .max(20),
        }),
      },
    },
    async (request) => toJson(halveSixTaxesTwoFees({ ...request.body, date: request.body.date ?? today() })),
  );

  app.post(
    '/api/tools/surcharges',
    {
      config: { access: 'tools.use' },
      schema: {
        tags,
        summary: '城市维护建设税、教育费附加、地方教育附加',
        body: z.strictObject({
          date,
          category: category.default('other'),
          location: z.enum(urbanLocations),
          vatPaid: optionalMoney,
          consumptionTaxPaid: optionalMoney,
          periodType: z.enum(['month', 'quarter']).default('month'),
          periodSales: moneyInput,
        }),
      },
    },
    async (request) => {
      const b = request.body;
      return toJson(
        computeSurcharges({
          ...b,
          date: b.date ?? today(),
          vatPaid: b.vatPaid ?? ZERO,
          consumptionTaxPaid: b.consumptionTaxPaid ?? ZERO,
        }),
      );
    },
  );

  app.get(
    '/api/tools/policies',
    {
      config: { access: 'tools.use' },
      schema: { tags, summary: '计算器所用税率、标准及其政策依据' },
    },
    async () => listPolicies(today()),
  );
};
