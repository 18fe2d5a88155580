// Sources panel: the row (A) and column (B) seed lists, their classes for
// conditional models, and truncation. State + draw function; the operations
// behind the buttons are free functions so tests can drive them directly.
// The SPEC and "add" fields edit drafts: items change only when a draft is
// committed (Enter or focus loss) and valid; a bad draft stays as typed.
#pragma once

#include "model/core/render_types.h"

#include <cstdint>
#include <random>
#include <string>
#include <vector>

namespace stylemix::gui {

struct SeedList {
    std::vector<Source> items;
    std::string spec;          // the SPEC field ("85,100,75-77"): items' SPEC, or a draft being typed / refused
    std::string error;         // why the committed `spec` does not parse; items keep their last good value
    std::string add_text;      // the "add" field's draft
    std::string add_error;     // why `add_text` was refused
    std::string class_error;   // why a typed class was refused

    std::vector<std::uint64_t> seeds() const;
    void setSeeds(const std::vector<std::uint64_t>& seeds);   // classes kept by position
    void syncSpec();
};

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

    SourcesState();   // style_mixing.py's default seeds
};

// Each returns an error text (empty = done).
// Replaces all items when `spec` is valid (then `list.spec` is its canonical
// form); else items stay, `list.spec` keeps `spec` as typed and `list.error` says why.
std::string setSpec(SeedList& list, const std::string& spec);
std::string addSeeds(SeedList& list, const std::string& spec);  // appends; the list is unchanged on error
// The "add" field's commit: appends `add_text` and clears it, or keeps it and sets `add_error`.
std::string commitAdd(SeedList& list);
// Sets item `index`'s class when 0 <= cls < c_dim; else keeps it and sets
// `list.class_error` naming the valid range.
std::string setClass(SeedList& list, int index, int cls, int c_dim);
void removeSeed(SeedList& list, int index);
void moveSeed(SeedList& list, int from, int to);
void randomiseSeeds(SeedList& list, std::mt19937_64& rng);

// The class a source has on a model with c_dim classes: -1 when
// unconditional, else its class clamped into 0..c_dim-1 (unset = 0). The
// panel shows it and requests carry it, so the two always agree.
int effectiveClass(const Source& s, int c_dim);

// Fits the state to a newly loaded model: classes outside 0..c_dim-1 and a
// truncation cutoff beyond num_ws are clamped. Returns one message per visible
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
