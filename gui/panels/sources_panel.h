// Sources panel: the row (A) and column (B) source lists, their classes for
// conditional models, and truncation. A source is a seed, a latent position
// (x:y on NVIDIA's seed plane) or a W array from a .npy / .npz file
// (model/core/source.h). State + draw function; the operations behind the
// buttons are free functions so tests can drive them directly.
// The SPEC and "add" fields edit drafts: items change only when a draft is
// committed (Enter or focus loss) and valid; a bad draft stays as typed.
#pragma once

#include "model/core/render_types.h"

#include <cstdint>
#include <optional>
#include <random>
#include <string>
#include <utility>
#include <vector>

namespace stylemix::gui {

// One side's sources (the name is from when they were seeds only).
struct SeedList {
    std::vector<Source> items;
    std::string spec;          // the SPEC field ("85,100,75-77,12.25:0.5,face.npy"): items' SPEC, or a draft being typed / refused
    std::string error;         // why the committed `spec` does not parse; items keep their last good value
    std::string add_text;      // the "add" field's draft
    std::string add_error;     // why `add_text` (or a W file) was refused
    std::string class_error;   // why a typed class was refused

    std::vector<std::uint64_t> seeds() const;   // each item's seed field (0 for positions and W arrays)
    void setSeeds(const std::vector<std::uint64_t>& seeds);   // all seeds; classes kept by position
    void syncSpec();
};

enum class SourceSide { Rows, Cols };

struct SourcesState {
    static constexpr int kMaxSources = 16;
    static constexpr std::uint64_t kRandomSeedLimit = 100000;   // randomised seeds stay short to read

    SeedList rows;   // A, down the left
    SeedList cols;   // B, across the top; gives the styles
    double psi = 1.0;
    bool use_cutoff = false;
    int cutoff = 4;  // ws 0..cutoff-1 are truncated when use_cutoff
    // The input's pose for every tile (StyleGAN3's Fourier features; the
    // visualizer's equivariance widget). Identity = the model's stored transform.
    InputTransform transform;
    std::mt19937_64 rng{0x5EEDu};
    std::string notice;   // what the last model switch changed (fitSourcesToModel), shown until dismissed
    // "Add W file..." was clicked for this side: the app opens its file browser (.npy / .npz) and resets it.
    std::optional<SourceSide> add_w_file_requested;

    SourcesState();   // style_mixing.py's default seeds

    SeedList& list(SourceSide side) { return side == SourceSide::Rows ? rows : cols; }
};

// The text of `sources` as the SPEC field shows it: runs of seeds as ranges
// ("75-77"), positions as x:y, W arrays by their file (parseSourceList reads it back).
std::string specText(const std::vector<Source>& sources);

// Each returns an error text (empty = done). `facts`: the loaded model, which W
// files must fit (num_ws x w_dim); null = none loaded, and a W file is refused.
// Replaces all items when `spec` is valid (then `list.spec` is its canonical
// form); else items stay, `list.spec` keeps `spec` as typed and `list.error` says why.
std::string setSpec(SeedList& list, const std::string& spec, const ModelFacts* facts = nullptr);
// Whether a valid SPEC names a W file (which only a loaded model can take).
bool specNeedsModel(const std::string& spec);
// Appends any sources of a SPEC; the list is unchanged on error.
std::string addSeeds(SeedList& list, const std::string& spec, const ModelFacts* facts = nullptr);
// The "add" field's commit: appends `add_text` and clears it, or keeps it and sets `add_error`.
std::string commitAdd(SeedList& list, const ModelFacts* facts = nullptr);
// Appends every w of the W file at `path` (a path with commas or brackets is
// taken as it is); on error (unreadable, not a W file, the wrong shape for the
// model, no model, the list full) sets `list.add_error` to the one-line reason.
std::string addWFile(SeedList& list, const std::string& path, const ModelFacts* facts);
// Sets item `index`'s class when 0 <= cls < c_dim; else keeps it and sets
// `list.class_error` naming the valid range.
std::string setClass(SeedList& list, int index, int cls, int c_dim);
void removeSeed(SeedList& list, int index);
void moveSeed(SeedList& list, int from, int to);
// New random seeds for seeds and positions (classes kept); W arrays stay.
void randomiseSeeds(SeedList& list, std::mt19937_64& rng);

// Continuous latents: where a source sits on the seed plane (a seed N is
// N:0), nullopt for a W array, which has no place there.
std::optional<std::pair<double, double>> sourcePosition(const Source& source);
// Moves item `index` to the position (x, y) (a seed becomes a position; its
// class stays). False, and nothing changes, for a W array or an index out of range.
bool moveSourceTo(SeedList& list, int index, double x, double y);
// Moves item `index` by (dx, dy) from where it is (arrow keys, the pad).
bool nudgeSource(SeedList& list, int index, double dx, double dy);
// The arrow keys' step: 0.01, with Shift 0.1.
constexpr double kNudgeStep = 0.01, kNudgeStepShift = 0.1;
// Mouse drags (the pad, a grid source tile): 100 pixels per unit of x or y.
constexpr double kPixelsPerUnit = 100.0;

// The class a source has on a model with c_dim classes: -1 when
// unconditional, else its class clamped into 0..c_dim-1 (unset = 0). The
// panel shows it and requests carry it, so the two always agree.
int effectiveClass(const Source& s, int c_dim);

// Fits the state to a newly loaded model: classes outside 0..c_dim-1 and a
// truncation cutoff beyond num_ws are clamped; W arrays of another shape than
// the model's ws are removed ("Row 1 (face.npy) removed: ..."). Returns one message per visible
// change, naming it ("Row 0 (seed 85): class 3 → 2, this model has 3 classes (0–2)").
// `previous`: the model these sources were set on (null: none). The input
// transform belongs to the model it was set on: on a switch to a different
// model (another file or other weights; a Reload keeps it) a transform that is
// not the identity goes back to the identity, and the message says what it was.
std::vector<std::string> fitSourcesToModel(SourcesState& state, const ModelFacts& facts,
                                           const ModelFacts* previous = nullptr);

// What a request carries for the model: nullopt for identity (the model's own
// stored transform) and for families without a transformable input.
OptionalTransform requestTransform(const SourcesState& state, const ModelFacts& facts);

void drawSourcesPanel(SourcesState& state, const ModelFacts* facts);

}  // namespace stylemix::gui
