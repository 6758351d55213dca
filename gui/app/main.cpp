// edgetwin-studio: thin main. Finds the command-line twin, opens a file (the bundled 400-site
// rehearsal by default) and, with --screenshot, renders each view to PNG after a run.
#include <algorithm>

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QEventLoop>
#include <QFileInfo>
#include <QPainter>
#include <QTextDocument>
#include <QTimer>
#include <cstdio>

#include "edgetwin/gui/compare_panel.hpp"
#include "edgetwin/gui/main_window.hpp"
#include "edgetwin/gui/run_panel.hpp"
#include "edgetwin/gui/site_detail_panel.hpp"

namespace {

// The bundled rehearsal: next to an installed binary, else in the source tree it was built from.
QString default_file() {
  const QString app_dir = QCoreApplication::applicationDirPath();
  for (const QString& dir : {app_dir + "/../share/edgetwin/scenarios", QString(EDGETWIN_SCENARIOS_DIR)}) {
    const QString path = QDir(dir).filePath("rehearsal-400.scenario.json");
    if (QFileInfo::exists(path)) return QDir::cleanPath(path);
  }
  return {};
}

// The whole site detail (its day charts and monitoring tables run below the window's fold) as
// site-detail.png, at least 720 px wide so that its tables do not wrap.
QString save_site_detail(const edgetwin::gui::MainWindow& window, const QString& dir) {
  const auto* detail = window.findChild<edgetwin::gui::SiteDetailPanel*>();
  if (detail == nullptr || detail->site().isEmpty()) return {};
  QTextDocument* doc = detail->document();
  doc->setTextWidth(std::max(720, detail->viewport()->width()));
  QImage image(doc->size().toSize(), QImage::Format_ARGB32);
  image.fill(Qt::white);
  QPainter painter(&image);
  doc->drawContents(&painter);
  painter.end();
  const QString path = QDir(dir).filePath("site-detail.png");
  return image.save(path) ? path : QString();
}

// Runs the open scenario to the end, scrubs to `at_s` and saves every view as PNG.
int take_screenshots(edgetwin::gui::MainWindow& window, const QString& dir, double at_s,
                     const QString& site) {
  QEventLoop loop;
  bool completed = false;
  bool done = false;  // a child that cannot start reports before the loop runs
  QObject::connect(&window, &edgetwin::gui::MainWindow::runFinished, &loop, [&](bool ok) {
    completed = ok;
    done = true;
    loop.quit();
  });
  // An invalid file is not run; its views (errors in place) are still worth a picture.
  const bool started = window.startRun();
  if (started && !done) loop.exec();
  if (!completed) std::fprintf(stderr, "edgetwin-studio: the run did not complete\n");
  if (completed && at_s >= 0) window.runPanel()->scrubTo(at_s);
  if (!site.isEmpty()) window.selectSite(site);
  for (const QString& path : window.saveScreenshots(dir)) std::printf("%s\n", qPrintable(path));
  if (const QString path = save_site_detail(window, dir); !path.isEmpty())
    std::printf("%s\n", qPrintable(path));
  return completed ? 0 : (started ? 1 : 2);
}

// Runs the plans given by --compare through the Compare view and saves it as compare-plans.png.
int take_compare_screenshot(edgetwin::gui::MainWindow& window, const QString& dir,
                            const QStringList& plans, int seeds) {
  auto* compare = window.comparePanel();
  for (const QString& plan : plans) compare->addPlan(plan);
  compare->setSeeds(seeds);
  window.showTab(edgetwin::gui::MainWindow::CompareTab);
  QEventLoop loop;
  bool ok = false;
  QObject::connect(compare, &edgetwin::gui::ComparePanel::compareFinished, &loop, [&](bool done) {
    ok = done;
    loop.quit();
  });
  if (compare->runPlans()) loop.exec();
  if (!ok) std::fprintf(stderr, "edgetwin-studio: the comparison did not complete: %s\n", qPrintable(compare->status()));
  QApplication::processEvents();
  QDir().mkpath(dir);
  const QString path = QDir(dir).filePath("compare-plans.png");
  if (window.grab().save(path)) std::printf("%s\n", qPrintable(path));
  return ok ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  QApplication app(argc, argv);
  QApplication::setApplicationName("edgetwin-studio");
  QApplication::setOrganizationName("edgetwin");
  QCommandLineParser parser;
  parser.setApplicationDescription("edgetwin studio: plan and watch fleet rollouts");
  parser.addHelpOption();
  parser.addPositionalArgument("file", "fleet or scenario file (default: the 400-site rehearsal)");
  QCommandLineOption edgetwin(QString("edgetwin"), "the edgetwin command to run (default: beside this program)", "path");
  QCommandLineOption shots(QString("screenshot"), "run the scenario, save each view as PNG into DIR, quit", "dir");
  QCommandLineOption at(QString("screenshot-at"), "show the fleet at this simulated second in screenshots", "seconds", "-1");
  QCommandLineOption site(QString("screenshot-site"), "site shown in the detail panel in screenshots", "site");
  QCommandLineOption compare(QString("compare"), "with --screenshot: a plan to compare (twice or more) instead of a run", "scenario");
  QCommandLineOption compare_seeds(QString("compare-seeds"), "seeds per plan for --compare", "n", "3");
  parser.addOptions({edgetwin, shots, at, site, compare, compare_seeds});
  parser.process(app);

  QString program = parser.value(edgetwin);
  if (program.isEmpty()) program = qEnvironmentVariable("EDGETWIN_BIN");
  if (program.isEmpty()) program = QDir(QCoreApplication::applicationDirPath()).filePath("edgetwin");
  edgetwin::gui::MainWindow window(program);
  const QString file = parser.positionalArguments().value(0, default_file());
  if (!file.isEmpty()) window.openFile(file);
  if (parser.isSet(shots)) {
    window.resize(1366, 768);
    window.show();
    if (parser.isSet(compare))
      return take_compare_screenshot(window, parser.value(shots), parser.values(compare),
                                     parser.value(compare_seeds).toInt());
    return take_screenshots(window, parser.value(shots), parser.value(at).toDouble(), parser.value(site));
  }
  window.show();
  return QApplication::exec();
}
