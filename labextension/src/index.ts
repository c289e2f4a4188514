/**
 * @langnghe/bai-tap: the course's "Bài tập" panel in JupyterLab's left sidebar and on the launcher.
 */

import {
  ILayoutRestorer,
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import { IDocumentManager } from '@jupyterlab/docmanager';
import { ILauncher } from '@jupyterlab/launcher';
import { LabIcon } from '@jupyterlab/ui-components';

import { BaiTapPanel } from './panel';

// A clipboard with a tick: the assignment and its check.
const icon = new LabIcon({
  name: 'langnghe:bai-tap',
  svgstr:
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" width="16">' +
    '<path class="jp-icon3" fill="#616161" d="M9 2h6a1 1 0 0 1 1 1v1h2a2 2 0 0 1 2 2v14a2 2 0 0 1-2 2H6a2 2 0 0 1-2-2V6' +
    'a2 2 0 0 1 2-2h2V3a1 1 0 0 1 1-1zm1 2v2h4V4h-4zM6 6v14h12V6h-2v1a1 1 0 0 1-1 1H9a1 1 0 0 1-1-1V6H6zm4.3 11.4' +
    'L7.6 14.7l1.4-1.4 1.3 1.3 4.7-4.7 1.4 1.4-6.1 6.1z"/></svg>'
});

const COMMAND = 'langnghe:bai-tap';

const plugin: JupyterFrontEndPlugin<void> = {
  id: '@langnghe/bai-tap:plugin',
  description: 'Bảng Bài tập của khóa học langnghe.',
  autoStart: true,
  requires: [IDocumentManager],
  optional: [ILauncher, ILayoutRestorer],
  activate: (
    app: JupyterFrontEnd,
    docManager: IDocumentManager,
    launcher: ILauncher | null,
    restorer: ILayoutRestorer | null
  ) => {
    const panel = new BaiTapPanel(app, docManager);
    panel.title.icon = icon;
    panel.title.caption = 'Bài tập';
    app.shell.add(panel, 'left', { rank: 50 });
    restorer?.add(panel, 'langnghe-bai-tap');
    void app.restored.then(() => panel.refresh());

    app.commands.addCommand(COMMAND, {
      label: 'Bài tập',
      caption: 'Mở bảng Bài tập: mở bài, tự kiểm tra, nộp bài',
      icon,
      execute: () => {
        app.shell.activateById(panel.id);
        return panel.refresh();
      }
    });
    launcher?.add({ command: COMMAND, category: 'Khóa học', rank: 0 });
  }
};

export default plugin;
