/**
 * The taxpayer's survey page behind a web link (`/survey/<token>`): one static page whose script reads
 * the token from the address and talks to /api/public/surveys/<token>. Nothing is interpolated into
 * the HTML, so nothing a caller typed can end up in it.
 */
export function surveyPage(): string {
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>12366 服务评价</title>
<style>
  body { font-family: system-ui, "Noto Sans CJK SC", sans-serif; margin: 0; background: #f5f5f5; color: #222; }
  main { max-width: 480px; margin: 24px auto; background: #fff; padding: 24px; border-radius: 8px; }
  h1 { font-size: 20px; margin-top: 0; }
  fieldset { border: 0; padding: 0; margin: 0 0 16px; }
  legend { font-weight: 600; margin-bottom: 8px; }
  label { display: block; padding: 6px 0; }
  textarea { width: 100%; box-sizing: border-box; min-height: 80px; }
  button { background: #1677ff; color: #fff; border: 0; padding: 10px 24px; border-radius: 6px; font-size: 16px; }
  .muted { color: #666; font-size: 14px; }
  .error { color: #cf1322; }
</style>
</head>
<body>
<main>
  <h1>12366 纳税服务热线 · 服务评价</h1>
  <p id="intro" class="muted">正在加载…</p>
  <form id="form" hidden>
    <fieldset><legend>总体满意度</legend>
      <label><input type="radio" name="satisfaction" value="satisfied" required> 满意</label>
      <label><input type="radio" name="satisfaction" value="basically_satisfied"> 基本满意</label>
      <label><input type="radio" name="satisfaction" value="unsatisfied"> 不满意</label>
    </fieldset>
    <fieldset><legend>办理效率（1–5 分，可不填）</legend>
      <select name="efficiency"><option value="">不评</option><option>5</option><option>4</option><option>3</option><option>2</option><option>1</option></select>
    </fieldset>
    <fieldset><legend>答复准确性（1–5 分，可不填）</legend>
      <select name="accuracy"><option value="">不评</option><option>5</option><option>4</option><option>3</option><option>2</option><option>1</option></select>
    </fieldset>
    <fieldset><legend>意见和建议（可不填）</legend>
      <textarea name="comment" maxlength="500"></textarea>
    </fieldset>
    <button type="submit">提交评价</button>
    <p id="error" class="error" role="alert"></p>
  </form>
</main>
<script>
(function () {
  var token = location.pathname.split('/').pop();
  var api = '/api/public/surveys/' + encodeURIComponent(token);
  var intro = document.getElementById('intro');
  var form = document.getElementById('form');
  var errorBox = document.getElementById('error');
  var typeNames = { consult: '咨询', report: '举报', complaint: '投诉', suggestion: '意见建议', review_request: '行政复议口头申请' };
  function show(text) { intro.textContent = text; form.hidden = true; }
  fetch(api).then(function (r) { return r.json().then(function (b) { return { ok: r.ok, body: b }; }); }).then(function (res) {
    if (!res.ok) { show(res.body.error ? res.body.error.message : '评价链接无效'); return; }
    var s = res.body;
    if (s.state === 'answered') { show('您已评价过本次服务，感谢您的支持！'); return; }
    if (s.state === 'expired') { show('该评价链接已过期。'); return; }
    intro.textContent = '您于 ' + s.date + ' 的' + (typeNames[s.type] || '') + '来电（编号 ' + s.contactNo + '）已办理，请对本次服务进行评价。';
    form.hidden = false;
  }).catch(function () { show('无法连接服务器，请稍后重试。'); });
  form.addEventListener('submit', function (e) {
    e.preventDefault();
    var data = new FormData(form);
    var body = { satisfaction: data.get('satisfaction') };
    if (data.get('efficiency')) body.efficiency = Number(data.get('efficiency'));
    if (data.get('accuracy')) body.accuracy = Number(data.get('accuracy'));
    if (String(data.get('comment') || '').trim()) body.comment = String(data.get('comment')).trim();
    fetch(api, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
      .then(function (r) { return r.json().then(function (b) { return { ok: r.ok, body: b }; }); })
      .then(function (res) {
        if (res.ok) show('提交成功，感谢您的评价！');
        else errorBox.textContent = res.body.error ? res.body.error.message : '提交失败，请稍后重试';
      })
      .catch(function () { errorBox.textContent = '无法连接服务器，请稍后重试。'; });
  });
})();
</script>
</body>
</html>`;
}
