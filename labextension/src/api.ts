/**
 * What the panel asks the server (langnghe.bai_tap, under /langnghe/): the exercises and the mode, a
 * check, and on a hub the class's exchange (langnghe/trao-doi: nbgrader's own assignment-list manager,
 * answering as nbgrader's handlers do). Every failure becomes an ApiError whose message is a
 * Vietnamese sentence saying what to do next.
 */

import { URLExt } from '@jupyterlab/coreutils';
import { ServerConnection } from '@jupyterlab/services';

export type Mode = 'tu-hoc' | 'lop-hoc';

export interface IExercise {
  path: string;
  assignment: string;
  title: string;
}

export interface ICourse {
  mode: Mode;
  exercises: IExercise[];
}

export interface IQuestion {
  id: string;
  label: string;
  points: number;
  max_points: number;
  passed: boolean;
  hint: string;
}

export interface ICheckResult {
  assignment: string;
  questions: IQuestion[];
  points: number;
  max_points: number;
  manual_points: number;
  problems: string[];
  self_study: boolean;
}

/** nbgrader's assignment list (nbgrader/exchange/default/list.py). */
export interface INotebook {
  notebook_id: string;
  path?: string;
}

export interface ISubmission {
  timestamp: string;
  has_local_feedback: boolean;
  has_exchange_feedback: boolean;
  feedback_updated: boolean;
  local_feedback_path: string | null;
  notebooks: INotebook[];
}

export interface IAssignment {
  course_id: string;
  assignment_id: string;
  status: 'released' | 'fetched' | 'submitted' | 'removed';
  path?: string;
  notebooks?: INotebook[];
  submissions?: ISubmission[];
}

export class ApiError extends Error {}

const UNREACHABLE: Record<Mode, string> = {
  'tu-hoc':
    'Không kết nối được với JupyterLab trên máy này. Kiểm tra xem cửa sổ đã mở khóa học (cửa sổ chữ đen) ' +
    'còn chạy không; nếu đã đóng, mở lại khóa học rồi tải lại trang.',
  'lop-hoc':
    'Không kết nối được với máy chủ của lớp. Kiểm tra mạng rồi bấm nút tải lại danh sách; nếu vẫn lỗi, báo giảng viên.'
};

let currentMode: Mode = 'tu-hoc';

export function setMode(mode: Mode): void {
  currentMode = mode;
}

async function request<T>(path: string, init: RequestInit = {}): Promise<T> {
  const settings = ServerConnection.makeSettings();
  const url = URLExt.join(settings.baseUrl, path);
  let response: Response;
  try {
    response = await ServerConnection.makeRequest(url, init, settings);
  } catch (error) {
    throw new ApiError(UNREACHABLE[currentMode]);
  }
  let data: any = null;
  try {
    data = await response.json();
  } catch {
    data = null;
  }
  if (!response.ok) {
    if (data && typeof data.loi === 'string') {
      throw new ApiError(data.loi); // the course's own handlers: a Vietnamese sentence
    }
    if (response.status === 403 || response.status === 401) {
      throw new ApiError('Phiên làm việc đã hết hạn. Tải lại trang (phím F5) rồi thử lại.');
    }
    throw new ApiError(
      `Máy chủ báo lỗi (mã ${response.status}). Thử lại sau ít phút; nếu vẫn lỗi, ` +
        (currentMode === 'lop-hoc' ? 'báo giảng viên.' : 'mở lại khóa học.')
    );
  }
  if (data === null) {
    throw new ApiError('Máy chủ trả lời không đọc được. Tải lại trang rồi thử lại.');
  }
  return data as T;
}

export function course(): Promise<ICourse> {
  return request<ICourse>('langnghe/bai-tap');
}

export function check(path: string): Promise<ICheckResult> {
  return request<ICheckResult>('langnghe/kiem-tra', {
    method: 'POST',
    body: JSON.stringify({ path })
  });
}

/** nbgrader's answer {success, value}; when it fails the reason is for the instructor's log, not for her. */
interface INbgraderReply<T> {
  success: boolean;
  value: T;
}

const EXCHANGE_FAILED =
  'Kho bài tập của lớp đang không dùng được. Đợi một lát rồi bấm nút tải lại danh sách; nếu vẫn lỗi, báo giảng viên.';

async function nbgrader<T>(path: string, init: RequestInit = {}): Promise<T> {
  const reply = await request<INbgraderReply<T>>(path, init);
  if (!reply.success) {
    throw new ApiError(EXCHANGE_FAILED);
  }
  return reply.value;
}

/** The course's assignments (the course named in the hub's nbgrader configuration). */
export function assignments(): Promise<IAssignment[]> {
  return nbgrader<IAssignment[]>('langnghe/trao-doi');
}

function action(name: 'fetch' | 'submit' | 'fetch_feedback', a: IAssignment): Promise<IAssignment[]> {
  return nbgrader<IAssignment[]>(`langnghe/trao-doi/${name}`, {
    method: 'POST',
    body: JSON.stringify({ course_id: a.course_id, assignment_id: a.assignment_id })
  });
}

/** nbgrader's fetch answers with the list even when it failed: the assignment must now be fetched. */
export async function fetchAssignment(a: IAssignment): Promise<IAssignment[]> {
  const list = await action('fetch', a);
  if (!list.some(x => x.assignment_id === a.assignment_id && x.status === 'fetched')) {
    throw new ApiError(
      `Chưa lấy được bài ${a.assignment_id}. Nếu trong thư mục của anh chị đã có thư mục ${a.assignment_id}, ` +
        'bài đã được lấy trước đó: mở bài ở đó. Nếu chưa, thử lại; vẫn lỗi thì báo giảng viên.'
    );
  }
  return list;
}

export async function submitAssignment(a: IAssignment): Promise<IAssignment[]> {
  try {
    return await action('submit', a);
  } catch (error) {
    if (error instanceof ApiError && error.message === EXCHANGE_FAILED) {
      throw new ApiError(
        `Chưa nộp được bài ${a.assignment_id}. Bài vẫn còn nguyên trên máy của anh chị: thử nộp lại sau ít phút; ` +
          'nếu vẫn lỗi, báo giảng viên.'
      );
    }
    throw error;
  }
}

export function fetchFeedback(a: IAssignment): Promise<IAssignment[]> {
  return action('fetch_feedback', a);
}
