// Native, safe reader for NVIDIA's TensorFlow-era network pickles
// (karras2019stylegan-*.pkl, stylegan2-*-config-*.pkl): a tuple (G, D, Gs) of
// dnnlib.tflib.network.Network objects whose state holds static_kwargs,
// components (mapping, synthesis) and variables as numpy arrays. The restricted
// pickle VM never imports or runs anything; `build_module_src` (Python source
// stored in the file) is ignored. `Gs` is what renders.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "model/io/pickle/pickle_limits.h"
#include "model/io/raw_weights.h"

namespace stylemix {

// One Network, with its components (in stored order) and own variables.
struct TfNetwork {
    std::string path;              // "Gs", "Gs.components.synthesis": for messages
    std::string name;              // state 'name', e.g. "G_synthesis"
    std::string build_func_name;   // "G_style", "G_main", "G_synthesis_stylegan2", ...
    int version = 0;
    std::string static_kwargs_json;   // a JSON object
    std::vector<std::pair<std::string, TfNetwork>> components;   // "mapping", "synthesis"
    std::vector<std::pair<std::string, RawTensor>> variables;     // TF creation order

    const TfNetwork* component(const std::string& key) const;
    TfNetwork* component(const std::string& key);
    const RawTensor* variable(const std::string& name) const;
};

// True when a pickle's first bytes name dnnlib.tflib.network (G is pickled first).
bool looksLikeTfPickle(const std::uint8_t* head, std::size_t size);
bool looksLikeTfPickleFile(const std::string& path);

// Gs of a TF-era pickle, fully decoded. Throws pickle::PickleError starting
// with `source` and naming the network, field or variable at fault.
TfNetwork parseTfPickle(const std::uint8_t* data, std::size_t size, const std::string& source,
                        const pickle::PickleLimits& limits = {});

// Gs as found: container TfPickle, class_name its build function ("G_style",
// "G_main", ...), init_kwargs_json its static_kwargs, its components in
// RawWeights::components, and every variable in tensors (Gs's own by name,
// a component's as "<key>/<name>", e.g. "mapping/Dense0/weight"). Which family
// it is, and the translation into that family's layout, is model/nets' job.
RawWeights readTfPickle(const std::string& path);
RawWeights tfNetworkToRaw(TfNetwork gs, const std::string& source);

}  // namespace stylemix
