// The one generic page: a step of the hospital's signed flow that is only a
// form (a custom step carrying fields) is drawn from the flow's own data, in
// the app's language; medins checks what the patient entered against the
// step's rules and names every field at fault (docs/flows.md "Pages").
const { run, journey } = require('../../lib/page.js');
const { host } = require('../../lib/host.js');

const LANG = 'zh';
const text = (t) => (t ? t[LANG] || t.en || '' : '');

Page({
  data: { step: '', title: '', help: '', fields: [], values: {}, problems: {}, busy: false, error: '' },
  onLoad() {
    return run(this, () => this.refresh());
  },
  async refresh() {
    const j = journey();
    if (!j.formPending()) return host.redirectTo({ url: j.pageFor(j.flow()) });
    const f = await j.form();
    const fields = f.page.fields.map((x) => ({
      name: x.name,
      type: x.type,
      required: !!x.required,
      label: text(x.label),
      help: text(x.help),
      text: text(x.text),
      options: (x.options || f.options[x.name] || []).map((o) => ({ value: o.value, label: text(o.label) })),
    }));
    this.setData({ step: f.step, title: text(f.page.title), help: text(f.page.help), fields, values: {}, problems: {} });
  },
  set(name, value) {
    const values = Object.assign({}, this.data.values);
    values[name] = value;
    this.setData({ values });
  },
  /** Text, number, phone, resident ID (input) and date (picker mode="date"). */
  onInput(e) {
    this.set(e.currentTarget.dataset.name, e.detail.value);
  },
  /** A choice (picker over the options): detail.value is the index. */
  onChoose(e) {
    const name = e.currentTarget.dataset.name;
    const field = this.data.fields.find((f) => f.name === name);
    const option = field && field.options[Number(e.detail.value)];
    this.set(name, option ? option.value : '');
  },
  /** A consent (checkbox-group): ticked when its one value is in detail.value. */
  onConsent(e) {
    this.set(e.currentTarget.dataset.name, e.detail.value.length > 0);
  },
  onSubmit() {
    return run(this, async () => {
      const j = journey();
      const values = {};
      Object.keys(this.data.values).forEach((k) => {
        if (this.data.values[k] !== '') values[k] = this.data.values[k];
      });
      this.setData({ problems: {} });
      try {
        await j.submitForm(values);
      } catch (e) {
        const problems = {};
        ((e.detail && e.detail.problems) || []).forEach((p) => { problems[p.field] = p.code; });
        this.setData({ problems });
        throw e;
      }
      if (j.formPending()) return this.refresh();
      host.redirectTo({ url: j.pageFor(j.flow()) });
    });
  },
});
