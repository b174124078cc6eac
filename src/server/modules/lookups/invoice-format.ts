/**
 * The format of invoice codes and numbers, decoded as the State Taxation Administration's coding rules
 * lay them out. Checking the format tells an agent at once whether what the caller reads out can be
 * an invoice at all; whether the invoice exists is the registry's question.
 *
 * - 10-digit code (增值税专用发票 and the older 普通发票): 1–4 region, 5–6 year of printing,
 *   7 batch, 8 kind (1/5 专用发票, 2/7 货物运输业增值税专用发票, 3/6 普通发票), 9 copies, 10 amount version.
 * - 12-digit code: 1 issuing tax authority (0 = state tax), 2–5 region, 6–7 year, 8–10 batch,
 *   11–12 kind (04/05 增值税普通发票, 06/07 卷票, 11 电子普通发票, 12 通行费电子普通发票, 13 电子专用发票, 17 二手车销售统一发票).
 * - 8-digit number for every paper or electronic invoice with a code.
 * - 20-digit number of a fully digitalised invoice (数电票, no code): 1–2 year, 3–4 province,
 *   5 issuing channel, 6–20 sequence.
 */

export const regionNames: Record<string, string> = {
  '11': '北京市',
  '12': '天津市',
  '13': '河北省',
  '14': '山西省',
  '15': '内蒙古自治区',
  '21': '辽宁省',
  '22': '吉林省',
  '23': '黑龙江省',
  '31': '上海市',
  '32': '江苏省',
  '33': '浙江省',
  '34': '安徽省',
  '35': '福建省',
  '36': '江西省',
  '37': '山东省',
  '41': '河南省',
  '42': '湖北省',
  '43': '湖南省',
  '44': '广东省',
  '45': '广西壮族自治区',
  '46': '海南省',
  '50': '重庆市',
  '51': '四川省',
  '52': '贵州省',
  '53': '云南省',
  '54': '西藏自治区',
  '61': '陕西省',
  '62': '甘肃省',
  '63': '青海省',
  '64': '宁夏回族自治区',
  '65': '新疆维吾尔自治区',
};

/** The five cities with their own tax bureaus (计划单列市), by their 4-digit code. */
const separatelyPlannedCities: Record<string, string> = {
  '2102': '大连市',
  '3302': '宁波市',
  '3502': '厦门市',
  '3702': '青岛市',
  '4403': '深圳市',
};

function regionOf(code4: string): string | null {
  const province = regionNames[code4.slice(0, 2)];
  if (!province) return null;
  return separatelyPlannedCities[code4] ?? province;
}

const tenDigitKinds: Record<string, string> = {
  '1': '增值税专用发票',
  '5': '增值税专用发票',
  '2': '货物运输业增值税专用发票',
  '7': '货物运输业增值税专用发票',
  '3': '增值税普通发票',
  '6': '增值税普通发票',
};

const twelveDigitKinds: Record<string, string> = {
  '04': '增值税普通发票',
  '05': '增值税普通发票',
  '06': '增值税普通发票（卷票）',
  '07': '增值税普通发票（卷票）',
  '11': '增值税电子普通发票',
  '12': '增值税电子普通发票（通行费）',
  '13': '增值税电子专用发票',
  '17': '二手车销售统一发票',
};

export type InvoiceFormat =
  | {
      ok: true;
      kind: 'paper' | 'digital';
      code: string;
      number: string;
      /** What the code (or the 数电票 number) says about the invoice. */
      region: string;
      year: number;
      invoiceType: string;
    }
  | { ok: false; field: 'code' | 'number'; code: string; message: string };

const fail = (field: 'code' | 'number', code: string, message: string): InvoiceFormat => ({
  ok: false,
  field,
  code,
  message,
});

/**
 * Checks and decodes an invoice code and number; an empty code with a 20-digit number is a 数电票.
 * `currentYear` bounds the year a code or number may carry.
 */
export function checkInvoiceFormat(rawCode: string, rawNumber: string, currentYear: number): InvoiceFormat {
  const code = rawCode.replace(/\s+/g, '');
  const number = rawNumber.replace(/\s+/g, '');
  if (!/^\d+$/.test(number)) return fail('number', 'INVOICE_NUMBER_FORMAT', '发票号码只能由数字组成');
  if (code === '') {
    if (number.length !== 20) {
      return fail(
        'number',
        'INVOICE_NUMBER_FORMAT',
        '数电发票号码应为 20 位数字；纸质发票和电子普通发票请同时填写发票代码',
      );
    }
    const year = 2000 + Number(number.slice(0, 2));
    const region = regionNames[number.slice(2, 4)];
    if (!region)
      return fail(
        'number',
        'INVOICE_REGION_UNKNOWN',
        `数电发票号码第 3–4 位 ${number.slice(2, 4)} 不是省级行政区划代码`,
      );
    if (year < 2021 || year > currentYear) {
      return fail('number', 'INVOICE_YEAR_INVALID', `数电发票号码前两位代表开具年度，${year} 年不在有效范围内`);
    }
    return { ok: true, kind: 'digital', code: '', number, region, year, invoiceType: '数电发票' };
  }
  if (!/^\d+$/.test(code)) return fail('code', 'INVOICE_CODE_FORMAT', '发票代码只能由数字组成');
  if (code.length !== 10 && code.length !== 12)
    return fail('code', 'INVOICE_CODE_FORMAT', '发票代码应为 10 位或 12 位数字');
  if (number.length !== 8) return fail('number', 'INVOICE_NUMBER_FORMAT', '有发票代码的发票，其号码应为 8 位数字');
  const [regionCode, yearDigits, invoiceType] =
    code.length === 10
      ? [code.slice(0, 4), code.slice(4, 6), tenDigitKinds[code.charAt(7)]]
      : [code.slice(1, 5), code.slice(5, 7), twelveDigitKinds[code.slice(10, 12)]];
  const region = regionOf(regionCode);
  if (!region)
    return fail('code', 'INVOICE_REGION_UNKNOWN', `发票代码中的地区代码 ${regionCode} 不是有效的省级行政区划代码`);
  const year = 2000 + Number(yearDigits);
  if (year > currentYear || year < 2000) {
    return fail('code', 'INVOICE_YEAR_INVALID', `发票代码中的年度 ${yearDigits} 不在有效范围内`);
  }
  return {
    ok: true,
    kind: 'paper',
    code,
    number,
    region,
    year,
    invoiceType: invoiceType ?? (code.length === 12 ? '其他普通发票' : '其他发票'),
  };
}
