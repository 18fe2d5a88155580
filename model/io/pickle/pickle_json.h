// Converts plain pickled data (constructor kwargs) to JSON: None, bool, int,
// float, str, list/tuple, dict/EasyDict/OrderedDict with str keys, and numpy
// scalars (NVIDIA's code stores e.g. np.float64 gains). Anything else is an
// error naming the path of the offending value.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "model/io/pickle/pickle_value.h"

namespace stylemix::pickle {

// `path` names the value in errors ("init_kwargs.mapping_kwargs"); cycles and
// deep nesting stop at `max_depth`. A pickle can share one value many times
// (memo), so a small file may describe an exponentially large tree: the
// output is also capped at `max_nodes` values and `max_text_bytes` of strings
// and dict keys together; a key may have at most 256 bytes. NaN and infinite
// floats are refused (JSON has no such numbers). Throws PickleError (without
// a source prefix) naming the value's path, its keys clipped.
nlohmann::json toJson(const Value* value, const std::string& path, int max_depth, std::size_t max_nodes = 100'000,
                      std::size_t max_text_bytes = 16u << 20);

}  // namespace stylemix::pickle
