// The noise lab's layout: it settles (no frame-to-frame oscillation, whatever
// the window size) and its three views wrap when they do not fit.
#include "gui/panels/export_panel.h"
#include "gui/views/lab/noise_lab_view.h"
#include "imgui_harness.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace stylemix::gui::test {
namespace {

struct Placed {
    CanvasId id;
    float x, y, w, h;
    bool operator==(const Placed& o) const { return id == o.id && x == o.x && y == o.y && w == o.w && h == o.h; }
};

std::string describe(const std::vector<Placed>& v) {
    std::string s;
    for (const Placed& p : v)
        s += "[" + std::to_string(static_cast<int>(p.id)) + " " + std::to_string(p.x) + "," + std::to_string(p.y) + " " +
             std::to_string(p.w) + "x" + std::to_string(p.h) + "] ";
    return s;
}

// A lab with a finished result of `shown` realisations (64 x 64).
struct LabFixture {
    ModelFacts facts = makeFacts(64);
    LabState state;
    NoiseLabResult result;
    LabViewInput in;
    explicit LabFixture(int shown = 6) {
        state.selection = {LabSelection::Kind::Cell, 0, 0};
        result.realisations.assign(shown, shareImage(makeImage(64, 64, 3)));
        result.stddev = makeImage(64, 64, 1);
        result.stddev_levels.assign(64 * 64, 1.f);
        result.max_stddev = 3.96f;
        in.facts = &facts;
        in.result = &result;
        in.result_samples = 32;
        in.subject_text = "cell: A seed 85 with B seed 55's ws 0-3";
    }
    // One frame in a window of `size`: where each canvas went.
    std::vector<Placed> frame(ImGuiHarness& ui, ImVec2 size) {
        CanvasFrame canvases = ui.canvases();
        ui.frame([&] { drawNoiseLabView(state, in, canvases); }, size);
        std::vector<Placed> out;
        for (const CanvasJob& j : canvases.jobs) out.push_back({j.id, j.screen_pos.x, j.screen_pos.y, j.size.x, j.size.y});
        return out;
    }
};

const Placed& find(const std::vector<Placed>& v, CanvasId id) {
    for (const Placed& p : v)
        if (p.id == id) return p;
    throw std::runtime_error("canvas not placed");
}

}  // namespace

// The user's 1600x1000 report: the lab's own scrollbar came and went, and the
// views with it, every few frames. Every size must give one layout, frame after frame.
TEST(NoiseLabLayout, SettlesAtEveryWindowSize) {
    ImGuiHarness ui;
    int checked = 0;
    std::vector<std::string> failures;
    for (int h = 380; h <= 1100; h += 45)
        for (int w = 260; w <= 1700; w += 9) {
            LabFixture lab;
            const ImVec2 size(static_cast<float>(w), static_cast<float>(h));
            lab.frame(ui, size);   // the first frames measure the content
            lab.frame(ui, size);
            const std::vector<Placed> settled = lab.frame(ui, size);
            for (int f = 0; f < 4; ++f) {
                const std::vector<Placed> now = lab.frame(ui, size);
                if (!(now == settled)) {
                    failures.push_back(std::to_string(w) + "x" + std::to_string(h) + " frame " + std::to_string(f) +
                                       ": " + describe(settled) + " then " + describe(now));
                    break;
                }
            }
            ++checked;
        }
    EXPECT_GT(checked, 2500);
    EXPECT_TRUE(failures.empty()) << failures.size() << " sizes oscillate, e.g. " << failures.front();
}

// 800x600 leaves the lab ~440 px: the three views wrap, none is cut off at the
// right, and the std-dev gain slider keeps a usable width.
TEST(NoiseLabLayout, ViewsWrapWhenNarrow) {
    ImGuiHarness ui;
    LabFixture lab;
    const ImVec2 size(440, 500);
    lab.frame(ui, size);
    const std::vector<Placed> v = lab.frame(ui, size);
    const Placed& subject = find(v, LabSlot::SubjectCanvas);
    const Placed& stddev = find(v, LabSlot::StdDevCanvas);
    const Placed& split = find(v, LabSlot::SplitCanvas);
    EXPECT_GT(split.y, subject.y + subject.h) << "the split view should wrap onto its own row: " << describe(v);
    for (const Placed& p : v) EXPECT_LE(p.x + p.w, size.x) << "cut off at the right: " << describe(v);
    const float em = ImGui::GetFontSize();
    const float gain_extras = ImGui::CalcTextSize("gain").x + ImGui::CalcTextSize("auto").x + ImGui::GetFrameHeight();
    EXPECT_GE(stddev.w - gain_extras, em * 5) << "gain slider squeezed";
    // Wide: the three views share one row.
    const std::vector<Placed> wide = lab.frame(ui, ImVec2(1240, 900));
    const Placed& first = find(wide, LabSlot::SubjectCanvas);
    EXPECT_LT(find(wide, LabSlot::SplitCanvas).y, first.y + first.h) << describe(wide);
    EXPECT_LT(find(wide, LabSlot::StdDevCanvas).y, first.y + first.h) << describe(wide);
}

// The crop strips wrap too: twelve tiles in a narrow lab stay inside it.
TEST(NoiseLabLayout, CropStripsWrap) {
    ImGuiHarness ui;
    LabFixture lab(12);
    const ImVec2 size(330, 700);
    lab.frame(ui, size);
    const std::vector<Placed> v = lab.frame(ui, size);
    for (CanvasId id : {LabSlot::CropsCanvas, LabSlot::DifferenceCanvas}) {
        const Placed& p = find(v, id);
        EXPECT_LE(p.x + p.w, size.x) << describe(v);
        EXPECT_GT(p.h, p.w / 6) << "expected more than one row of tiles: " << describe(v);
    }
}

TEST(NoiseLabLayout, GeometryWrapsByWidth) {
    LabGeometryInput in;
    in.em = 15;
    in.spacing = 8;
    in.min_view = 180;
    in.height = 900;
    in.shown = 6;
    in.width = 1200;
    EXPECT_EQ(labGeometry(in).views_per_row, 3);
    in.width = 500;
    EXPECT_EQ(labGeometry(in).views_per_row, 2);
    in.width = 300;
    const LabGeometry one = labGeometry(in);
    EXPECT_EQ(one.views_per_row, 1);
    EXPECT_LE(one.side, 300.f);
    for (float w = 100; w < 2000; w += 7) {
        in.width = w;
        const LabGeometry g = labGeometry(in);
        EXPECT_EQ(g, labGeometry(in));
        const int per_row = g.tiles_per_row;
        EXPECT_LE(per_row * g.tile + (per_row - 1) * in.spacing, std::max(w, in.em * 3)) << w;
        if (g.views_per_row > 1) {
            EXPECT_GE(g.side, in.min_view) << w;
        }
    }
}

// StyleGAN3 has no noise inputs: the export dialog says so instead of
// sending the user to a lab that is off.
TEST(LabExport, SaysWhyAModelWithoutNoiseHasNoLabFigures) {
    ModelFacts facts = makeFacts(64);
    ExportSources sources;
    sources.facts = &facts;
    EXPECT_EQ(labExportUnavailableReason(sources), "Open a face in the noise lab to export its figures.");
    facts.noise_layers.clear();
    facts.family_label = "StyleGAN3";
    const std::string note = labExportUnavailableReason(sources);
    EXPECT_NE(note.find("StyleGAN3 has no noise inputs"), std::string::npos) << note;
    EXPECT_EQ(note.find("Open a face"), std::string::npos) << note;
}

// The recipe of a std-dev export holds the gain and scale shown in the dialog,
// and of a lab figure its difference gain.
TEST(LabExport, RecipesHoldTheGainScaleAndDifferenceGain) {
    LabFixture lab;
    NoiseLabRequest request;
    ExportSources s;
    s.facts = &lab.facts;
    s.lab = &lab.result;
    s.lab_request = &request;
    s.stddev_gain = 23.5f;
    s.difference_gain = 12;
    const Recipe stddev = makeRecipe(ExportKind::StdDev, s, false, 4, 6);
    EXPECT_EQ(stddev.stddev_scale, 6);
    EXPECT_EQ(stddev.lab->stddev_gain, 23.5f);
    EXPECT_EQ(labRecipeFigureSize(stddev, 64).height, 64 * 6);
    const Recipe fig = makeRecipe(ExportKind::NoiseLab, s, false, 4, 1);
    EXPECT_EQ(fig.difference_gain, 12);
}

}  // namespace stylemix::gui::test
