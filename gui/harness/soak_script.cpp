// --soak: a scripted session of the explorer's own actions, for memory runs.
// Once the first grid is on screen it cycles through what a user does for
// an hour in a few minutes (crossover drags, noise resamples, new seeds,
// truncation, per-row bands, noise-lab runs up to K = 256 with the split
// view) and samples the resident size every second. Each action waits for
// the previous render or for 4 s, so superseded requests are exercised too.
#include "gui/harness/harness.h"

#include "gui/app.h"
#include "gui/views/grid/grid_tab.h"

#include "gui/widgets/labels.h"
#include "gui/harness/process_stats.h"

#include <algorithm>

namespace stylemix::gui {

namespace {

// xorshift64*: the script is the same on every run.
int nextInt(std::uint64_t& state, int bound) {
    state ^= state >> 12;
    state ^= state << 25;
    state ^= state >> 27;
    return static_cast<int>(((state * 0x2545F4914F6CDD1DULL) >> 33) % static_cast<std::uint64_t>(std::max(bound, 1)));
}

}  // namespace

bool Harness::soakFinished() const {
    if (options_.soak_s <= 0) return true;
    return soak_running_ && Clock::now() - soak_started_ >= std::chrono::seconds(options_.soak_s);
}

void Harness::soakStep(App& app) {
    if (options_.soak_s <= 0 || !app.facts() || soakFinished()) return;
    const Clock::time_point now = Clock::now();
    if (!soak_running_) {
        if (!app.views().find<GridTab>()->complete()) return;   // starts on a complete grid
        soak_running_ = true;
        soak_started_ = soak_next_action_ = soak_next_sample_ = now;
    }
    if (now >= soak_next_sample_) {
        session_.memory.rss_mib.emplace_back(std::chrono::duration<double>(now - soak_started_).count(), residentMiB());
        session_.memory.peak_mib = peakResidentMiB();
        soak_next_sample_ += std::chrono::seconds(1);
    }
    if (now < soak_next_action_ || (!app.idle() && now - soak_next_action_ < std::chrono::seconds(4))) return;
    soakAction(app);
    ++session_.memory.actions;
    soak_next_action_ = now + std::chrono::milliseconds(250);
}

// The next action of the script.
void Harness::soakAction(App& app) {
    const ModelFacts& facts = *app.facts();
    Panels& p = app.panels();
    const int num_ws = facts.num_ws;
    const int rows = static_cast<int>(p.sources.rows.items.size()), cols = static_cast<int>(p.sources.cols.items.size());
    switch (session_.memory.actions % 8) {
    case 0: case 1: {   // a crossover drag step: a random band
        const int begin = nextInt(soak_rng_, num_ws);
        p.mixing.per_row = false;
        p.mixing.styles = rangeStyles(WsRange{begin, begin + 1 + nextInt(soak_rng_, num_ws - begin)});
        app.showView(GridTab::kId);
        break;
    }
    case 2: p.noise.resample(); break;
    case 3: randomiseSeeds(nextInt(soak_rng_, 2) ? p.sources.rows : p.sources.cols, p.sources.rng); break;
    case 4: p.sources.psi = 0.5 + 0.1 * nextInt(soak_rng_, 8); break;
    case 5: setPerRow(p.mixing, !p.mixing.per_row, rows); break;
    case 6:   // the noise lab on a random tile, K up to 256, with the split view
        if (facts.hasNoise()) {
            p.lab.selection = {LabSelection::Kind::Cell, nextInt(soak_rng_, rows), nextInt(soak_rng_, cols)};
            p.lab.samples = std::min(32 << nextInt(soak_rng_, 4), LabState::kMaxSamples);
            p.lab.split_enabled = nextInt(soak_rng_, 2) == 0;
            app.showView("lab");
        }
        break;
    case 7: app.showView(GridTab::kId); break;
    }
}

}  // namespace stylemix::gui
