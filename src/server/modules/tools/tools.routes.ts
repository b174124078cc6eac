import Decimal from 'decimal.js';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  annualBonusBody,
  bonusResultSchema,
  generalVatBody,
  generalVatResultSchema,
  policyEntrySchema,
  reconciliationBody,
  reconciliationResultSchema,
  remunerationBody,
  remunerationResultSchema,
  sixTaxesTwoFeesBody,
  sixTaxesTwoFeesResultSchema,
  smallScaleVatBody,
  smallScaleVatResultSchema,
  stampDutyBody,
  stampDutyResultSchema,
  surchargesBody,
  surchargesResultSchema,
  wagesBody,
  wagesResultSchema,
} from '../../../shared/tools';
import { shanghaiDate } from '../../platform/dates';
import type { AppDeps } from '../../platform/deps';
import {
  reconcileAnnualIncome,
  type remunerationKinds,
  taxAnnualBonus,
  withholdOnRemuneration,
  withholdOnWages,
} from './iit';
import { computeStampDuty, computeSurcharges, halveSixTaxesTwoFees } from './local-taxes';
import { ZERO } from './money';
import { listPolicies } from './policy-catalogue';
import { computeGeneralVat, computeSmallScaleVat } from './vat';

/** A calculator's result as JSON carries it: every decimal a number. */
type Jsonified<T> = T extends Decimal
  ? number
  : T extends readonly (infer U)[]
    ? Jsonified<U>[]
    : T extends object
      ? { [K in keyof T]: Jsonified<T[K]> }
      : T;

/** Decimals to JSON numbers (amounts are already exact to the fen, rates keep their digits). */
function toJson<T>(value: T): Jsonified<T> {
  return toJsonValue(value) as Jsonified<T>;
}

function toJsonValue(value: unknown): unknown {
  if (Decimal.isDecimal(value)) return Number((value as Decimal).toFixed());
  if (Array.isArray(value)) return value.map(toJsonValue);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => [k, toJsonValue(v)]),
    );
  }
  return value;
}

/** The calculators (小工具): pure computations, nothing stored; every agent-facing role may use them. */
export const toolsRoutes: FastifyPluginAsyncZod<{ deps: AppDeps }> = async (app, { deps }) => {
  const today = () => shanghaiDate(deps.clock.now());
  const yearEnd = (y: number | undefined) => (y === undefined ? today() : `${y}-12-31`);
  const tags = ['tools'];

  app.post(
    '/api/tools/iit/wages',
    {
      config: { access: 'tools.use' },
      schema: {
        tags,
        summary: '工资薪金个人所得税（累计预扣法，逐月）',
        body: wagesBody,
        response: { 200: wagesResultSchema },
      },
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
        body: annualBonusBody,
        response: { 200: bonusResultSchema },
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
      {
        config: { access: 'tools.use' },
        schema: { tags, summary, body: remunerationBody, response: { 200: remunerationResultSchema } },
      },
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
        body: reconciliationBody,
        response: { 200: reconciliationResultSchema },
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
        body: smallScaleVatBody,
        response: { 200: smallScaleVatResultSchema },
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
        body: generalVatBody,
        response: { 200: generalVatResultSchema },
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
        body: stampDutyBody,
        response: { 200: stampDutyResultSchema },
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
        body: sixTaxesTwoFeesBody,
        response: { 200: sixTaxesTwoFeesResultSchema },
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
        body: surchargesBody,
        response: { 200: surchargesResultSchema },
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
      schema: { tags, summary: '计算器所用税率、标准及其政策依据', response: { 200: z.array(policyEntrySchema) } },
    },
    async () => listPolicies(today()),
  );
};
