/**
 * The "Bài tập" panel: the course's exercises (self-study) or the class's assignments (a hub with
 * nbgrader's exchange), with one way to open and check a notebook and one way to show a check's
 * result, shared by both modes. Every word on it is Vietnamese.
 */

import { JupyterFrontEnd } from '@jupyterlab/application';
import { Dialog, showDialog } from '@jupyterlab/apputils';
import { IDocumentManager } from '@jupyterlab/docmanager';
import { Widget } from '@lumino/widgets';

import * as api from './api';
import { number, points, submittedAt } from './format';

const INTRO: Record<api.Mode, string> = {
  'tu-hoc':
    'Bấm Mở để làm một bài. Làm xong, bấm Kiểm tra: máy chạy lại bài của anh chị và cho điểm ' +
    'từng câu, kèm gợi ý cho câu chưa đạt. Kiểm tra ngay trên máy này, không cần mạng.',
  'lop-hoc':
    'Bấm Lấy bài để nhận bài giảng viên giao, Mở để làm bài, Kiểm tra để tự xem điểm và gợi ý, ' +
    'rồi Nộp bài. Nộp lại bao nhiêu lần cũng được: giảng viên chấm bản nộp sau cùng.'
};

const CLOSING: Record<api.Mode, string> = {
  'tu-hoc':
    'Đây là kết quả tự kiểm tra trên máy của anh chị; tự học nên không cần nộp bài cho ai. ' +
    'Sửa các câu chưa đạt rồi bấm Kiểm tra lại, bao nhiêu lần cũng được.',
  'lop-hoc':
    'Đây là kết quả tự kiểm tra; điểm chính thức do giảng viên chấm sau khi anh chị nộp bài.'
};

function element<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  className: string,
  text?: string
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  node.className = className;
  if (text !== undefined) {
    node.textContent = text;
  }
  return node;
}

export class BaiTapPanel extends Widget {
  private mode: api.Mode = 'tu-hoc';
  private readonly intro = element('p', 'langnghe-BaiTap-intro');
  private readonly message = element('div', 'langnghe-BaiTap-message');
  private readonly list = element('div', 'langnghe-BaiTap-list');

  constructor(
    private readonly app: JupyterFrontEnd,
    private readonly docManager: IDocumentManager
  ) {
    super();
    this.id = 'langnghe-bai-tap';
    this.addClass('langnghe-BaiTap');
    const header = element('div', 'langnghe-BaiTap-header');
    header.append(element('h2', 'langnghe-BaiTap-title', 'Bài tập'));
    header.append(
      this.button('Tải lại', () => this.refresh(), 'Tải lại danh sách bài tập', 'langnghe-BaiTap-reload')
    );
    this.node.append(header, this.intro, this.message, this.list);
  }

  /** Read the list again from the server(s) and redraw it. */
  async refresh(): Promise<void> {
    this.showMessage('Đang tải danh sách bài tập…', 'busy');
    try {
      const course = await api.course();
      this.mode = course.mode;
      api.setMode(course.mode);
      this.intro.textContent = INTRO[course.mode];
      if (course.mode === 'lop-hoc') {
        this.drawClass(await api.assignments(), course.exercises);
      } else {
        this.drawSelfStudy(course.exercises);
      }
      this.showMessage('');
    } catch (error) {
      this.showMessage(describe(error), 'error');
    }
  }

  private drawSelfStudy(exercises: api.IExercise[]): void {
    this.list.replaceChildren();
    if (!exercises.length) {
      this.showMessage('Chưa thấy bài tập nào trong thư mục exercises của khóa học.', 'error');
      return;
    }
    for (const exercise of exercises) {
      this.list.append(this.notebookRow(exercise.title || exercise.assignment, exercise.path));
    }
  }

  private drawClass(assignments: api.IAssignment[], exercises: api.IExercise[]): void {
    this.list.replaceChildren();
    const titles = new Map(exercises.map(e => [e.path, e.title]));
    const submitted = new Map<string, api.ISubmission[]>();
    for (const a of assignments) {
      if (a.status === 'submitted') {
        submitted.set(a.assignment_id, a.submissions ?? []);
      }
    }
    const given = assignments.filter(a => a.status === 'released' || a.status === 'fetched');
    if (!given.length) {
      this.showMessage('Giảng viên chưa giao bài nào. Khi có bài, bấm Tải lại để thấy.', 'info');
      return;
    }
    for (const a of given) {
      const card = element('section', 'langnghe-BaiTap-assignment');
      card.dataset.assignment = a.assignment_id;
      card.append(element('h3', 'langnghe-BaiTap-assignmentName', a.assignment_id));
      if (a.status === 'released') {
        card.append(element('p', 'langnghe-BaiTap-note', 'Bài mới, chưa lấy về máy.'));
        card.append(
          this.button('Lấy bài', async () => {
            await api.fetchAssignment(a);
            await this.refresh();
          }, `Chép bài ${a.assignment_id} vào thư mục của anh chị`)
        );
      } else {
        for (const nb of a.notebooks ?? []) {
          const path = nb.path ?? `${a.path}/${nb.notebook_id}.ipynb`;
          card.append(this.notebookRow(titles.get(path) || nb.notebook_id, path));
        }
        card.append(
          this.button('Nộp bài', () => this.submit(a, card), `Gửi bài ${a.assignment_id} cho giảng viên`,
            'langnghe-BaiTap-submit')
        );
      }
      card.append(this.submissions(a, submitted.get(a.assignment_id) ?? []));
      this.list.append(card);
    }
  }

  /** One notebook: its title, Mở, Kiểm tra, and the place where the check's result appears. */
  private notebookRow(title: string, path: string): HTMLElement {
    const row = element('div', 'langnghe-BaiTap-exercise');
    row.dataset.path = path;
    row.append(element('div', 'langnghe-BaiTap-exerciseTitle', title));
    row.append(element('div', 'langnghe-BaiTap-path', path));
    const result = element('div', 'langnghe-BaiTap-result');
    const buttons = element('div', 'langnghe-BaiTap-buttons');
    buttons.append(
      this.button('Mở', async () => {
        this.docManager.openOrReveal(path);
      }, 'Mở bài này để làm'),
      this.button('Kiểm tra', () => this.check(path, result), 'Lưu bài rồi chấm thử: điểm từng câu và gợi ý',
        'langnghe-BaiTap-check')
    );
    row.append(buttons, result);
    return row;
  }

  /** Save the notebook if it is open (the check reads the file), then check it and show the result. */
  private async check(path: string, box: HTMLElement): Promise<void> {
    box.replaceChildren(this.busy('Đang kiểm tra… Máy đang chạy lại toàn bộ bài, có thể mất chừng một phút.'));
    try {
      await this.saveOpen(p => p === path);
      showResult(box, await api.check(path), this.mode);
    } catch (error) {
      box.replaceChildren(element('p', 'langnghe-BaiTap-error', describe(error)));
    }
  }

  /** Save every open document whose path passes `which`; the paths saved. */
  private async saveOpen(which: (path: string) => boolean): Promise<string[]> {
    const saved: string[] = [];
    for (const widget of this.app.shell.widgets('main')) {
      const context = this.docManager.contextForWidget(widget);
      if (context && which(context.path) && !saved.includes(context.path)) {
        try {
          await context.save();
        } catch {
          throw new api.ApiError(
            `Không lưu được ${context.path}. Hãy lưu bài bằng phím Ctrl+S, thấy lưu xong rồi bấm lại.`
          );
        }
        saved.push(context.path);
      }
    }
    return saved;
  }

  private async submit(a: api.IAssignment, card: HTMLElement): Promise<void> {
    const folder = a.path ?? a.assignment_id;
    const saved = await this.saveOpen(p => p.startsWith(folder + '/'));
    const files = await this.filesIn(folder);
    const body = element('div', 'langnghe-BaiTap-confirm');
    body.append(
      element('p', '', saved.length
        ? `Bài đang mở đã được lưu trước khi nộp (${saved.map(p => p.split('/').pop()).join(', ')}).`
        : 'Không có bài nào đang mở chưa lưu: các tệp được gửi đúng như đã lưu.'),
      element('p', '', `Các tệp sẽ được gửi cho giảng viên, từ thư mục ${folder}:`)
    );
    const list = element('ul', '');
    for (const name of files) {
      list.append(element('li', '', name));
    }
    body.append(list, element('p', '', 'Sau khi nộp, anh chị vẫn sửa và nộp lại được; giảng viên chấm bản nộp sau cùng.'));
    const answer = await showDialog({
      title: `Nộp bài ${a.assignment_id}?`,
      body: new Widget({ node: body }),
      buttons: [Dialog.cancelButton({ label: 'Chưa nộp' }), Dialog.okButton({ label: 'Nộp bài' })]
    });
    if (!answer.button.accept) {
      return;
    }
    await api.submitAssignment(a);
    await this.refresh();
    const again = this.list.querySelector(`[data-assignment="${a.assignment_id}"] .langnghe-BaiTap-submissions`);
    again?.classList.add('langnghe-BaiTap-justSubmitted');
  }

  private async filesIn(folder: string): Promise<string[]> {
    try {
      const listing = await this.app.serviceManager.contents.get(folder, { content: true });
      return (listing.content as { name: string; type: string }[])
        .filter(item => !item.name.startsWith('.'))
        .map(item => (item.type === 'directory' ? `${item.name}/ (cả thư mục)` : item.name))
        .sort();
    } catch {
      return [`mọi tệp trong thư mục ${folder}`];
    }
  }

  /** When the assignment was submitted (local time), and its feedback once the instructor returned it. */
  private submissions(a: api.IAssignment, submissions: api.ISubmission[]): HTMLElement {
    const box = element('div', 'langnghe-BaiTap-submissions');
    if (!submissions.length) {
      box.append(element('p', 'langnghe-BaiTap-note', 'Chưa nộp lần nào.'));
      return box;
    }
    box.append(element('p', 'langnghe-BaiTap-note', 'Đã nộp:'));
    const list = element('ul', 'langnghe-BaiTap-times');
    for (const s of submissions) {
      list.append(element('li', '', submittedAt(s.timestamp)));
    }
    box.append(list);
    const last = submissions[submissions.length - 1];
    if (last.has_exchange_feedback || last.has_local_feedback) {
      box.append(this.button('Xem nhận xét', () => this.feedback(a), 'Mở nhận xét và điểm giảng viên đã chấm'));
    } else {
      box.append(element('p', 'langnghe-BaiTap-note', 'Chưa có nhận xét của giảng viên cho lần nộp sau cùng.'));
    }
    return box;
  }

  private async feedback(a: api.IAssignment): Promise<void> {
    let list = await api.assignments();
    const latest = (x: api.IAssignment[]) => {
      const s = x.find(y => y.status === 'submitted' && y.assignment_id === a.assignment_id)?.submissions ?? [];
      return s[s.length - 1];
    };
    let last = latest(list);
    if (last && (!last.has_local_feedback || last.feedback_updated)) {
      list = await api.fetchFeedback(a);
      last = latest(list);
    }
    if (!last || !last.has_local_feedback || !last.local_feedback_path) {
      throw new api.ApiError('Chưa tải được nhận xét về máy. Bấm Tải lại rồi thử lại; nếu vẫn lỗi, báo giảng viên.');
    }
    for (const nb of last.notebooks) {
      await this.app.commands.execute('docmanager:open', {
        path: `${last.local_feedback_path}/${nb.notebook_id}.html`,
        factory: 'HTML Viewer'
      });
    }
    await this.refresh();
  }

  private button(label: string, run: () => Promise<void>, tooltip: string, extra = ''): HTMLButtonElement {
    const node = element('button', `jp-Button langnghe-BaiTap-button ${extra}`.trim(), label);
    node.title = tooltip;
    node.onclick = async () => {
      node.disabled = true;
      try {
        await run();
      } catch (error) {
        this.showMessage(describe(error), 'error');
      } finally {
        node.disabled = false;
      }
    };
    return node;
  }

  private busy(text: string): HTMLElement {
    const node = element('div', 'langnghe-BaiTap-busy');
    node.append(element('span', 'langnghe-BaiTap-spinner'), element('span', '', text));
    return node;
  }

  private showMessage(text: string, kind: 'busy' | 'error' | 'info' = 'info'): void {
    this.message.replaceChildren();
    this.message.className = `langnghe-BaiTap-message langnghe-BaiTap-${kind}`;
    if (text) {
      this.message.append(kind === 'busy' ? this.busy(text) : element('p', '', text));
    }
  }
}

/** A check's result: ✅/❌ per question with its points and hint, the total, and what it means. */
export function showResult(box: HTMLElement, result: api.ICheckResult, mode: api.Mode): void {
  box.replaceChildren(element('div', 'langnghe-BaiTap-resultTitle', 'Kết quả tự kiểm tra'));
  const list = element('ul', 'langnghe-BaiTap-questions');
  for (const q of result.questions) {
    const item = element('li', q.passed ? 'langnghe-BaiTap-passed' : 'langnghe-BaiTap-failed');
    item.append(element('span', 'langnghe-BaiTap-mark', q.passed ? '✅' : '❌'));
    item.append(element('span', 'langnghe-BaiTap-question', `${q.label}: ${points(q.points, q.max_points)}`));
    if (q.hint) {
      item.append(element('div', 'langnghe-BaiTap-hint', `Gợi ý: ${q.hint}`));
    }
    list.append(item);
  }
  box.append(list);
  for (const problem of result.problems) {
    box.append(element('p', 'langnghe-BaiTap-error', `⚠️ ${problem}`));
  }
  box.append(
    element('p', 'langnghe-BaiTap-total', `Tổng điểm tự động: ${points(result.points, result.max_points)}`)
  );
  if (result.manual_points) {
    box.append(
      element('p', 'langnghe-BaiTap-note', mode === 'lop-hoc'
        ? `Câu trả lời viết (${number(result.manual_points)} điểm) do giảng viên chấm sau khi anh chị nộp bài.`
        : `Câu trả lời viết (${number(result.manual_points)} điểm) không chấm tự động được: đọc lại đề bài ` +
          'và tự so câu trả lời của mình với các ý đề bài hỏi.')
    );
  }
  box.append(element('p', 'langnghe-BaiTap-note', CLOSING[mode]));
}

function describe(error: unknown): string {
  if (error instanceof api.ApiError) {
    return error.message;
  }
  console.error(error);
  return 'Có lỗi ngoài dự kiến trong bảng Bài tập. Tải lại trang (phím F5) rồi thử lại.';
}
