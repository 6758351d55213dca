#include <gtest/gtest.h>

#include <QAbstractItemModelTester>

#include "edgetwin/gui/event_table_model.hpp"

namespace edgetwin::gui {
namespace {

TEST(EventTableModel, ShowsStreamedEventsAndRejectsWhatIsNotAnEvent) {
  EventTableModel model;
  QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
  EXPECT_TRUE(model.appendLine(
      R"({"t":103.000211,"site":"s001","box":"s001-b","kind":"peer.down","peer":"s001-a","silent_s":3.0})"));
  EXPECT_TRUE(model.appendLine(
      R"({"t":130.5,"by":"cloud","kind":"node.status","site":"s001","box":"s001-a","from":"running","to":"offline"})"));
  EXPECT_FALSE(model.appendLine("not json"));
  EXPECT_FALSE(model.appendLine(R"({"kind":"no time"})"));
  ASSERT_EQ(model.rowCount(), 2);
  EXPECT_EQ(model.rejectedLines(), 2);
  auto cell = [&](int r, int c) { return model.data(model.index(r, c)).toString().toStdString(); };
  EXPECT_EQ(cell(0, EventTableModel::Time), "103.000");
  EXPECT_EQ(cell(0, EventTableModel::Kind), "peer.down");
  EXPECT_EQ(cell(0, EventTableModel::Details), "peer=s001-a silent_s=3");
  EXPECT_EQ(cell(1, EventTableModel::Box), "s001-a");
  EXPECT_EQ(cell(1, EventTableModel::Details), "from=running to=offline");
}

// Issue 19: the details used to read bytes=3.25059e+08; people read units and separators.
TEST(EventTableModel, ShowsLargeNumbersWithUnitsAndSeparators) {
  EventTableModel model;
  ASSERT_TRUE(model.appendLine(
      R"({"t":1.0,"site":"s001","kind":"rollout.pull","bytes":325059000,"writes":1234567,"wait_s":0.25})"));
  EXPECT_EQ(model.data(model.index(0, EventTableModel::Details)).toString().toStdString(),
            "bytes=310 MiB wait_s=0.25 writes=1,234,567");
}

}  // namespace
}  // namespace edgetwin::gui
