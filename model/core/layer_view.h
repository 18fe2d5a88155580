// The layer view's job (docs/explorer.md, "Layers"): one activation of a
// subject's A, B and their mix, shown as NVIDIA's visualizer shows a layer
// (viz/renderer.py: channel selection, normalise, gain in dB, FFT with a
// Kaiser window, StyleGAN3's untransform). Torch-free.
#pragma once

#include "model/core/image.h"
#include "model/core/render_types.h"

#include <string>
#include <vector>

namespace stylemix {

enum class LayerDisplay {
    Channels,   // sel_channels channels from base_channel (3 as RGB, else 1 as grey), as the visualizer
    MeanAbs,    // mean |x| over all channels, grey
};

struct LayerViewSettings {
    LayerDisplay display = LayerDisplay::Channels;
    int base_channel = 0;
    int sel_channels = 3;        // 1 or 3 (more than the layer has: 1, as the visualizer)
    bool normalize = false;      // divide the selection by its max |x| per channel
    float gain_db = 0;           // then multiply by 10^(gain_db / 20)
    bool fft = false;            // show the power spectrum beside the image
    bool fft_all = true;         // of all channels (else of the selection)
    float fft_range_db = 50;
    float fft_beta = 8;          // Kaiser window beta
    bool untransform = false;    // StyleGAN3: undo the input transform first
    bool operator==(const LayerViewSettings& o) const;
    bool operator!=(const LayerViewSettings& o) const { return !(*this == o); }
};

// A, and when the subject is a mixing cell, B and the mix (subject.styles from B).
struct LayerRequest {
    LabSubject subject;
    std::string layer;            // a name from ModelDescription::activations
    NoiseSpec noise;
    LayerViewSettings view;
    bool operator==(const LayerRequest& o) const {
        return subject == o.subject && layer == o.layer && noise == o.noise && view == o.view;
    }
};

// One displayed activation and the visualizer's statistics of it.
struct LayerPanel {
    std::string label;            // "A", "B", "mix"
    Image image;                  // the displayed selection (with its FFT beside it when asked)
    // mean, std and max |x| of the whole activation and of the selection, as the visualizer's stats
    float mean_all = 0, mean_sel = 0, std_all = 0, std_sel = 0, max_all = 0, max_sel = 0;
};

struct LayerResult {
    std::string layer;
    int channels = 0, height = 0, width = 0;
    std::vector<LayerPanel> panels;             // A; or A, B, mix
    std::vector<int> channels_by_magnitude;     // channel indices, largest mean |x| (over the panels) first
    // Largest per-pixel |mix - A| of the raw activation, and the fraction of its values that differ
    // at all: where the mix starts to differ from A (0 for a plain source).
    float max_diff_from_a = 0;
    float fraction_differing = 0;
};

}  // namespace stylemix
