// Undo / redo (issue 22): the history records settled edits only, one step per
// drag or restore, and a snapshot brings back every setting that changes what
// the grid or the lab shows.
#include "gui/edit_snapshot.h"
#include "gui/undo_history.h"
#include "panel_fixture.h"

#include <gtest/gtest.h>

namespace stylemix::gui {
namespace {

struct UndoPanels : test::Panels {
    EditSnapshot capture() const { return captureEdits(sources, mixing, noise, lab); }
    void apply(const EditSnapshot& s) { applyEdits(s, sources, mixing, noise, lab); }
};

TEST(UndoHistory, ADragIsOneStepRecordedWhenItSettles) {
    UndoPanels p;
    UndoHistory<EditSnapshot> history;
    history.observe(p.capture(), false);
    for (double psi : {0.9, 0.8, 0.7, 0.6}) {   // a psi drag: many values while the slider is held
        p.sources.psi = psi;
        EXPECT_FALSE(history.observe(p.capture(), true));
    }
    EXPECT_FALSE(history.canUndo());
    EXPECT_TRUE(history.observe(p.capture(), false));   // released
    EXPECT_FALSE(history.observe(p.capture(), false));  // nothing new
    const auto back = history.undo();
    ASSERT_TRUE(back);
    EXPECT_EQ(back->psi, 1.0);   // before the drag, not its middle
    EXPECT_FALSE(history.canUndo());
    const auto again = history.redo();
    ASSERT_TRUE(again);
    EXPECT_EQ(again->psi, 0.6);
}

TEST(UndoHistory, ANewEditAfterUndoDropsTheRedoSteps) {
    UndoHistory<EditSnapshot> history;
    UndoPanels p;
    history.observe(p.capture(), false);
    p.sources.psi = 0.5;
    history.observe(p.capture(), false);
    p.apply(*history.undo());
    EXPECT_TRUE(history.canRedo());
    EXPECT_FALSE(history.observe(p.capture(), false));   // the undone state itself is no new step
    p.noise.seed = 7;
    EXPECT_TRUE(history.observe(p.capture(), false));
    EXPECT_FALSE(history.canRedo());
    EXPECT_FALSE(history.redo());
}

TEST(UndoHistory, KeepsAtMostItsLimitAndResetForgetsAll) {
    UndoHistory<EditSnapshot> history;
    UndoPanels p;
    history.observe(p.capture(), false);
    const std::size_t steps = UndoHistory<EditSnapshot>::kMaxSteps + 20;
    for (std::size_t i = 1; i <= steps; ++i) {
        p.noise.seed = i;
        history.observe(p.capture(), false);
    }
    std::size_t undone = 0;
    std::uint64_t oldest = 0;
    while (const auto s = history.undo()) {
        ++undone;
        oldest = s->noise_seed;
    }
    EXPECT_EQ(undone, UndoHistory<EditSnapshot>::kMaxSteps);
    EXPECT_EQ(oldest, steps - UndoHistory<EditSnapshot>::kMaxSteps);
    history.reset(p.capture());
    EXPECT_FALSE(history.canUndo());
    EXPECT_FALSE(history.canRedo());
}

TEST(EditSnapshot, UndoBringsBackEverySettingThatChangesTheImages) {
    UndoPanels p;
    const EditSnapshot before = p.capture();
    UndoHistory<EditSnapshot> history;
    history.observe(before, false);

    // One restored figure: everything changes in one frame.
    ASSERT_EQ(setSpec(p.sources.rows, "1,2,3"), "");
    p.sources.cols.items[1].class_index = 2;
    p.sources.psi = 0.7;
    p.sources.use_cutoff = true;
    p.sources.cutoff = 2;
    p.sources.transform.rotate_deg = 30;
    p.mixing.styles = {4, 5};
    p.mixing.per_row = true;
    p.mixing.row_styles = {{0}, {1}, {2, 3}};
    p.noise.mode = NoiseMode::Random;
    p.noise.seed = 9;
    p.noise.gains = {0.f, 2.f};
    p.noise.master = 3.f;
    p.lab.selection = {LabSelection::Kind::Cell, 1, 2};
    p.lab.crop = {1, 2, 3, 4};
    p.lab.samples = 64;
    p.lab.split_left = SplitNoise::FineOnly;
    p.lab.split_right = SplitNoise::CoarseOnly;
    const EditSnapshot after = p.capture();
    EXPECT_EQ(describeChange(before, after), "seeds, crossover, truncation, transform, noise, noise lab");
    EXPECT_TRUE(history.observe(after, false));

    p.apply(*history.undo());
    EXPECT_TRUE(same(p.capture(), before));
    EXPECT_EQ(p.sources.rows.spec, "85,100,75,458,1500");   // the field's text follows its items
    EXPECT_EQ(p.sources.cols.items[1].class_index, -1);
    EXPECT_EQ(p.mixing.row_styles.size(), 0u);
    EXPECT_EQ(p.lab.selection.kind, LabSelection::Kind::None);

    p.apply(*history.redo());
    EXPECT_TRUE(same(p.capture(), after));
    EXPECT_EQ(p.sources.rows.spec, "1-3");
    EXPECT_EQ(p.noise.gains, (std::vector<float>{0.f, 2.f}));
}

TEST(EditSnapshot, ViewOnlySettingsAreNoStep) {
    UndoPanels p;
    const EditSnapshot before = p.capture();
    p.lab.gain = 99.f;          // the std-dev map's display gain
    p.lab.split = 0.2f;         // the split divider
    p.lab.zoom = 8;
    p.sources.rows.add_text = "12";   // text not yet added
    EXPECT_TRUE(same(before, p.capture()));
    EXPECT_EQ(describeChange(before, p.capture()), "");
}

}  // namespace
}  // namespace stylemix::gui
