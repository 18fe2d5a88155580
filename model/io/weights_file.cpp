#include "model/io/weights_file.h"

#include "model/io/checked_file.h"
#include "model/io/cut_short.h"
#include "model/io/file_magic.h"
#include "model/io/message_text.h"
#include "model/io/network_pickle.h"
#include "model/io/safetensors.h"
#include "model/io/sha256.h"
#include "model/io/tf_pickle.h"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <future>
#include <stdexcept>
#include <string_view>

namespace stylemix {

namespace {

// torch.save writes a zip whose first entry is "<archive>/data.pkl".
bool isZip(const std::vector<std::uint8_t>& bytes) {
    return bytes.size() >= 4 && std::memcmp(bytes.data(), "PK\x03\x04", 4) == 0;
}

bool isTorchZip(const std::vector<std::uint8_t>& bytes) {
    if (bytes.size() < 30) return false;
    const std::size_t name_size = bytes[26] | (bytes[27] << 8);
    if (30 + name_size > bytes.size()) return false;
    const std::string name(bytes.begin() + 30, bytes.begin() + 30 + static_cast<std::ptrdiff_t>(name_size));
    return name.size() >= 8 && name.compare(name.size() - 8, 8, "data.pkl") == 0;
}

bool hasSafetensorsExtension(const std::string& path) {
    const auto dot = path.rfind('.');
    if (dot == std::string::npos) return false;
    std::string ext = path.substr(dot);
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return ext == ".safetensors";
}

// A protocol 0 / 1 pickle is printable text: it starts with an opcode such as
// MARK '(' or GLOBAL 'c' and ends with STOP '.'. Named .pkl, it goes to the
// pickle reader (whose reason then applies), not to "this is a text file".
bool looksLikeTextPickle(const std::vector<std::uint8_t>& bytes) {
    static constexpr std::string_view kFirstOpcodes = "(c]}NIFLSVdl";
    return bytes.size() >= 2 && bytes.back() == '.' && kFirstOpcodes.find(static_cast<char>(bytes.front())) != std::string_view::npos;
}

// The one reason a file that cannot be a model gives, judged from its content
// (and its name, where the name claims a reader): "" when a reader should try it.
std::string notAModelReason(const std::vector<std::uint8_t>& bytes, const std::string& path) {
    if (bytes.empty()) return std::string("this is an empty file (0 bytes), not a model (") + kExpectedModel + ")";
    if (isZip(bytes)) {
        if (isTorchZip(bytes))
            return "this is a PyTorch zip archive (torch.save), not a network pickle; "
                   "export the generator as a network pickle or a .safetensors file";
        return "this is a zip archive, not a model: extract the model from it first";
    }
    if (hasPickleExtension(path) && looksLikeTextPickle(bytes)) return {};
    // Compressed, archived, text or otherwise foreign files are named before a parser misreads them.
    if (const std::string foreign = describeForeignFile(bytes.data(), bytes.size()); !foreign.empty())
        return "this is " + foreign;
    // Bytes of no known kind go to the reader their name claims; else no reader's reason applies.
    const bool claimed = hasPickleExtension(path) || hasSafetensorsExtension(path);
    if (!claimed && !startsLikePickle(bytes.data(), bytes.size()) && !looksLikeSafetensors(bytes.data(), bytes.size()))
        return "this is " + describeUnknownFile(bytes.data(), bytes.size());
    return {};
}

// A pickle reader's run over the whole file; one that ran out of data says so first.
template <typename Parse>
auto parsePickleFile(const std::vector<std::uint8_t>& bytes, const std::string& source, Parse parse) {
    try {
        return parse();
    } catch (const pickle::TruncatedError& e) {
        const std::string plain = describeTruncatedPickle(source, bytes.size(), e);
        if (plain.empty()) throw;
        throw pickle::PickleError(plain);
    }
}

}  // namespace

RawWeights readWeightsFile(const std::string& path) {
    std::vector<std::uint8_t> bytes = readCheckedFile(path, FileKind::Model);
    // Messages name the file as shown (escaped, a long path clipped); the parsers only report with it.
    const std::string source = displayPath(path);
    if (const std::string reason = notAModelReason(bytes, path); !reason.empty()) throw std::runtime_error(source + ": " + reason);
    // The hash of exactly these bytes (the file is read once), on another core
    // while they are parsed; a parse that throws waits for it in the future's destructor.
    std::future<std::string> hash =
        std::async(std::launch::async, [&bytes] { return sha256Hex(bytes.data(), bytes.size()); });
    RawWeights raw;
    if (looksLikeTfPickle(bytes.data(), bytes.size())) {
        TfNetwork gs = parsePickleFile(bytes, source, [&] { return parseTfPickle(bytes.data(), bytes.size(), source); });
        const std::string sha256 = hash.get();
        std::vector<std::uint8_t>().swap(bytes);   // the file's bytes go before the conversion copies tensors
        raw = tfNetworkToRaw(std::move(gs), source);
        raw.sha256 = sha256;
        return raw;
    }
    raw = hasPickleExtension(path) || startsLikePickle(bytes.data(), bytes.size())
              ? parsePickleFile(bytes, source, [&] { return parseNetworkPickle(bytes.data(), bytes.size(), source); })
              : parseSafetensors(bytes.data(), bytes.size(), source);
    raw.sha256 = hash.get();
    return raw;
}

}  // namespace stylemix
