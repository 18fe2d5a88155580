// Loading a generator of any family from a weights file: read the container,
// find the one family that claims it, adopt it into that family's form,
// validate every tensor, build on the device.
#pragma once

#include "model/core/cancel.h"
#include "model/io/raw_weights.h"
#include "model/nets/generator.h"

#include <memory>
#include <string>

namespace stylemix {

std::unique_ptr<Generator> loadGenerator(const std::string& path, torch::Device device,
                                         Precision precision = Precision::FP32, const ProgressHooks& hooks = {});
// The same from a file's content already read with readWeightsFile.
std::unique_ptr<Generator> loadGenerator(const RawWeights& raw, torch::Device device,
                                         Precision precision = Precision::FP32, const ProgressHooks& hooks = {});

}  // namespace stylemix
