// The generator behind a torch-free facade: load a model on a device and
// render the paper's figures. The CLI and the render worker both drive this.
//
// Threading: an Engine is used by one thread at a time (the render worker, or
// the CLI's main thread). Progress and cancellation go through ProgressHooks.
#pragma once

#include "model/cancel.h"
#include "model/render_types.h"

#include <functional>
#include <memory>
#include <string>

namespace stylemix {

class Engine {
public:
    // Loads `path` (.safetensors or NVIDIA .pkl). Throws with the file and cause.
    static std::unique_ptr<Engine> load(const std::string& path, DeviceChoice device = DeviceChoice::Auto,
                                        PrecisionChoice precision = PrecisionChoice::FP32,
                                        const ProgressHooks& hooks = {});
    ~Engine();
    Engine(const Engine&) = delete;
    Engine& operator=(const Engine&) = delete;

    const ModelFacts& facts() const;

    std::vector<Image> generate(const GenerateRequest& request, const ProgressHooks& hooks = {});

    // Renders sources and cells, batching cells and reusing the activations a
    // cell shares with a source. `on_progress` sees each image as it is ready.
    MixResult mix(const MixRequest& request, const ProgressHooks& hooks = {},
                  const std::function<void(const MixProgress&)>& on_progress = {});

    NoiseLabResult noiseLab(const NoiseLabRequest& request, const ProgressHooks& hooks = {});

    // Fig. 5: noise in all / no / fine-only (64² and up) / coarse-only (up to 32²) layers.
    NoiseLayersResult noiseLayers(const LabSubject& subject, const NoiseSpec& noise, const ProgressHooks& hooks = {});
    // Same subject under any noise spec (used for split views).
    Image renderSubject(const LabSubject& subject, const NoiseSpec& noise, const ProgressHooks& hooks = {});

    // Upper bound on images per forward pass (memory budget).
    void setMaxBatch(int max_batch);
    int maxBatch() const;

    struct Impl;

private:
    explicit Engine(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

// Noise multipliers for the Fig. 5 presets, per noise layer.
std::vector<float> noisePresetAll(const std::vector<NoiseLayerInfo>& layers);
std::vector<float> noisePresetNone(const std::vector<NoiseLayerInfo>& layers);
std::vector<float> noisePresetFine(const std::vector<NoiseLayerInfo>& layers);     // 64² and up
std::vector<float> noisePresetCoarse(const std::vector<NoiseLayerInfo>& layers);   // 4² to 32²

// Validates a request against the model; throws naming the field.
void validateMixRequest(const MixRequest& request, const ModelFacts& facts);

}  // namespace stylemix
