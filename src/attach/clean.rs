//! The copy that is kept: photos decoded, turned upright, shrunk to
//! [`LONGEST_SIDE`] and encoded again (which writes no EXIF, XMP or maker
//! notes); originals and PDFs cleaned of every metadata segment instead.
//! Decoders are given limits, and a panic in one is a refusal, not a crash.

use super::{AttachError, JPEG_QUALITY, Kind, LONGEST_SIDE, MAX_DECODED, Prepared};
use image::{DynamicImage, ImageDecoder as _, ImageReader};
use std::io::Cursor;

/// JPEG segments kept in an original: the start, the frame, the scan and
/// the tables; JFIF (APP0) and Adobe's colour transform (APP14). Every
/// other APPn (EXIF and XMP in APP1, ICC in APP2, IPTC in APP13, vendors'
/// notes) and comments are dropped.
fn jpeg_segment_kept(marker: u8) -> bool {
    !((0xE1..=0xEF).contains(&marker) && marker != 0xEE) && marker != 0xFE
}

/// PNG chunks dropped from an original: EXIF, text (XMP lives in iTXt),
/// the time it was made and the colour profile (which names devices).
const PNG_DROPPED: [&[u8; 4]; 6] = [b"eXIf", b"tEXt", b"zTXt", b"iTXt", b"tIME", b"iCCP"];

/// The copy kept of `raw`: re-encoded unless `original` asks to keep the
/// file's own encoding (metadata is removed either way).
pub fn prepare(raw: &[u8], original: bool) -> Result<Prepared, AttachError> {
    if raw.is_empty() {
        return Err(AttachError::Empty);
    }
    let kind = Kind::sniff(raw).ok_or(AttachError::NotSupported)?;
    let caught = crate::hygiene::catching(|| match kind {
        Kind::Pdf => clean_pdf(raw),
        Kind::Tiff => reencode(raw, Kind::Tiff),
        Kind::Jpeg | Kind::Png if original => keep_original(raw, kind),
        Kind::Jpeg | Kind::Png => reencode(raw, kind),
    });
    match caught {
        Ok(result) => result,
        Err(_) => Err(match kind {
            Kind::Pdf => AttachError::BadPdf("unreadable structure".into()),
            _ => AttachError::BadImage("unreadable structure".into()),
        }),
    }
}

fn reader(raw: &[u8]) -> Result<ImageReader<Cursor<&[u8]>>, AttachError> {
    let mut reader = ImageReader::new(Cursor::new(raw))
        .with_guessed_format()
        .map_err(|e| AttachError::BadImage(e.to_string()))?;
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(40_000);
    limits.max_image_height = Some(40_000);
    limits.max_alloc = Some(MAX_DECODED);
    reader.limits(limits);
    Ok(reader)
}

fn reencode(raw: &[u8], kind: Kind) -> Result<Prepared, AttachError> {
    if kind == Kind::Tiff && tiff_pages(raw) > 1 {
        return Err(AttachError::MultiPageTiff);
    }
    let bad = |e: image::ImageError| AttachError::BadImage(e.to_string());
    let mut decoder = reader(raw)?.into_decoder().map_err(bad)?;
    let orientation = decoder.orientation().map_err(bad)?;
    let mut img = DynamicImage::from_decoder(decoder).map_err(bad)?;
    img.apply_orientation(orientation);
    if img.width().max(img.height()) > LONGEST_SIDE {
        img = shrink(img);
    }
    let pixels = (img.width(), img.height());
    let mut out = Vec::new();
    let kept = match kind {
        Kind::Jpeg => {
            let img = match img {
                DynamicImage::ImageLuma8(_) => img,
                other => DynamicImage::ImageRgb8(other.to_rgb8()),
            };
            let colour = match img {
                DynamicImage::ImageLuma8(_) => jpeg_encoder::ColorType::Luma,
                _ => jpeg_encoder::ColorType::Rgb,
            };
            // At most LONGEST_SIDE pixels a side by now: within a JPEG's u16.
            let side = |n: u32| u16::try_from(n).map_err(|_| AttachError::BadImage("too large".into()));
            jpeg_encoder::Encoder::new(&mut out, JPEG_QUALITY)
                .encode(img.as_bytes(), side(img.width())?, side(img.height())?, colour)
                .map_err(|e| AttachError::BadImage(e.to_string()))?;
            Kind::Jpeg
        }
        _ => {
            // 16-bit scans are kept at 8 bits: the same document, half the bytes.
            let img = match img {
                DynamicImage::ImageLuma8(_) | DynamicImage::ImageRgb8(_) | DynamicImage::ImageRgba8(_) => img,
                DynamicImage::ImageLumaA8(_) => DynamicImage::ImageRgba8(img.to_rgba8()),
                other if other.color().has_alpha() => DynamicImage::ImageRgba8(other.to_rgba8()),
                other => DynamicImage::ImageRgb8(other.to_rgb8()),
            };
            img.write_to(&mut Cursor::new(&mut out), image::ImageFormat::Png)
                .map_err(bad)?;
            Kind::Png
        }
    };
    Ok(Prepared {
        pixels: Some(pixels),
        bytes: out,
        kind: kept,
        pages: None,
    })
}

/// `img` with its longest side [`LONGEST_SIDE`], the proportions kept
/// (a bilinear filter, SIMD where the processor has it; the image crate's
/// own filter for pixel types the fast one does not take).
fn shrink(img: DynamicImage) -> DynamicImage {
    let (w, h) = (img.width(), img.height());
    let scale = f64::from(LONGEST_SIDE) / f64::from(w.max(h));
    let side = |n: u32| ((f64::from(n) * scale).round() as u32).clamp(1, LONGEST_SIDE);
    let (to_w, to_h) = (side(w), side(h));
    let mut out = DynamicImage::new(to_w, to_h, img.color());
    let options = fast_image_resize::ResizeOptions::new().resize_alg(
        fast_image_resize::ResizeAlg::Convolution(fast_image_resize::FilterType::Bilinear),
    );
    match fast_image_resize::Resizer::new().resize(&img, &mut out, &options) {
        Ok(()) => out,
        Err(_) => img.resize(to_w, to_h, image::imageops::FilterType::Triangle),
    }
}

/// How many pages (images) a TIFF holds; 0 when it cannot be read.
fn tiff_pages(raw: &[u8]) -> usize {
    let Ok(mut decoder) = tiff::decoder::Decoder::new(Cursor::new(raw)) else {
        return 0;
    };
    let mut pages = 1;
    while decoder.more_images() && pages < 1000 {
        if decoder.next_image().is_err() {
            break;
        }
        pages += 1;
    }
    pages
}

fn keep_original(raw: &[u8], kind: Kind) -> Result<Prepared, AttachError> {
    let bad = |e: String| AttachError::BadImage(e);
    let (w, h) = reader(raw)?.into_dimensions().map_err(|e| bad(e.to_string()))?;
    let bytes = img_parts::Bytes::copy_from_slice(raw);
    let cleaned = match kind {
        Kind::Jpeg => {
            let mut jpeg = img_parts::jpeg::Jpeg::from_bytes(bytes).map_err(|e| bad(e.to_string()))?;
            jpeg.segments_mut().retain(|s| jpeg_segment_kept(s.marker()));
            jpeg.encoder().bytes()
        }
        _ => {
            let mut png = img_parts::png::Png::from_bytes(bytes).map_err(|e| bad(e.to_string()))?;
            png.chunks_mut()
                .retain(|c| !PNG_DROPPED.iter().any(|k| **k == c.kind()));
            png.encoder().bytes()
        }
    };
    Ok(Prepared {
        bytes: cleaned.to_vec(),
        kind,
        pixels: Some((w, h)),
        pages: None,
    })
}

/// The PDF without its document information (author, producer, dates),
/// its XMP metadata streams (the document's and every image's) and
/// applications' private data.
fn clean_pdf(raw: &[u8]) -> Result<Prepared, AttachError> {
    let bad = |e: lopdf::Error| AttachError::BadPdf(e.to_string());
    let mut doc = lopdf::Document::load_mem(raw).map_err(bad)?;
    if doc.is_encrypted() {
        return Err(AttachError::EncryptedPdf);
    }
    doc.trailer.remove(b"Info");
    let metadata: Vec<lopdf::ObjectId> = doc
        .objects
        .iter()
        .filter(|(_, o)| is_metadata_stream(o))
        .map(|(id, _)| *id)
        .collect();
    for id in metadata {
        doc.objects.remove(&id);
    }
    for object in doc.objects.values_mut() {
        let dict = match object {
            lopdf::Object::Dictionary(d) => d,
            lopdf::Object::Stream(s) => &mut s.dict,
            _ => continue,
        };
        dict.remove(b"Metadata");
        dict.remove(b"PieceInfo");
    }
    doc.prune_objects();
    let pages = u32::try_from(doc.get_pages().len()).unwrap_or(u32::MAX);
    if pages == 0 {
        return Err(AttachError::BadPdf("no pages".into()));
    }
    let mut out = Vec::new();
    doc.save_to(&mut out)
        .map_err(|e| AttachError::BadPdf(e.to_string()))?;
    Ok(Prepared {
        bytes: out,
        kind: Kind::Pdf,
        pixels: None,
        pages: Some(pages),
    })
}

fn is_metadata_stream(object: &lopdf::Object) -> bool {
    matches!(object, lopdf::Object::Stream(s)
        if s.dict.get(b"Type").and_then(|t| t.as_name()).is_ok_and(|n| n == b"Metadata"))
}

/// Whether bytes still carry what [`prepare`] removes (or are not the
/// kind they claim). The tests check kept copies with it; an import does
/// not call it yet (see the session notes).
pub fn carries_metadata(kind: Kind, bytes: &[u8]) -> bool {
    // What is kept is a JPEG, a PNG (TIFFs become PNGs) or a PDF, and is
    // what its description says.
    if kind == Kind::Tiff || Kind::sniff(bytes) != Some(kind) {
        return true;
    }
    let found = crate::hygiene::catching(|| match kind {
        Kind::Jpeg => img_parts::jpeg::Jpeg::from_bytes(img_parts::Bytes::copy_from_slice(bytes))
            .map_or(true, |j| {
                j.segments().iter().any(|s| !jpeg_segment_kept(s.marker()))
            }),
        Kind::Tiff => true,
        Kind::Png => {
            img_parts::png::Png::from_bytes(img_parts::Bytes::copy_from_slice(bytes)).map_or(true, |p| {
                p.chunks()
                    .iter()
                    .any(|c| PNG_DROPPED.iter().any(|k| **k == c.kind()))
            })
        }
        Kind::Pdf => lopdf::Document::load_mem(bytes).map_or(true, |d| {
            d.trailer.has(b"Info")
                || d.objects.values().any(|o| {
                    is_metadata_stream(o)
                        || match o {
                            lopdf::Object::Dictionary(d) => d.has(b"Metadata"),
                            lopdf::Object::Stream(s) => s.dict.has(b"Metadata"),
                            _ => false,
                        }
                })
        }),
    });
    found.unwrap_or(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn photo(w: u32, h: u32) -> Vec<u8> {
        let img = image::RgbImage::from_fn(w, h, |x, y| image::Rgb([(x % 256) as u8, (y % 256) as u8, 90]));
        let mut out = Vec::new();
        DynamicImage::ImageRgb8(img)
            .write_to(&mut Cursor::new(&mut out), image::ImageFormat::Jpeg)
            .unwrap();
        out
    }

    #[test]
    fn a_large_photo_is_shrunk_and_keeps_its_shape() {
        let kept = prepare(&photo(3000, 1500), false).unwrap();
        assert_eq!(kept.kind, Kind::Jpeg);
        assert_eq!(kept.pixels, Some((2400, 1200)));
        assert!(!carries_metadata(Kind::Jpeg, &kept.bytes));
    }

    #[test]
    fn anything_else_is_refused_by_content() {
        assert_eq!(prepare(b"", false).unwrap_err(), AttachError::Empty);
        assert_eq!(
            prepare(b"just text, named scan.jpg", false).unwrap_err(),
            AttachError::NotSupported
        );
        let mut truncated = photo(50, 50);
        truncated.truncate(40);
        assert!(matches!(
            prepare(&truncated, false),
            Err(AttachError::BadImage(_))
        ));
        assert!(matches!(
            prepare(b"%PDF-1.4\n garbage", false),
            Err(AttachError::BadPdf(_))
        ));
    }

    #[test]
    fn an_original_png_loses_its_text_chunks() {
        let img = image::RgbImage::new(4, 4);
        let mut raw = Vec::new();
        DynamicImage::ImageRgb8(img)
            .write_to(&mut Cursor::new(&mut raw), image::ImageFormat::Png)
            .unwrap();
        let mut png = img_parts::png::Png::from_bytes(img_parts::Bytes::from(raw)).unwrap();
        let chunk =
            img_parts::png::PngChunk::new(*b"tEXt", img_parts::Bytes::from_static(b"GPS\x0043.2,76.9"));
        png.chunks_mut().insert(1, chunk);
        let raw = png.encoder().bytes().to_vec();
        assert!(carries_metadata(Kind::Png, &raw));
        let kept = prepare(&raw, true).unwrap();
        assert!(!carries_metadata(Kind::Png, &kept.bytes));
        assert_eq!(kept.pixels, Some((4, 4)));
    }
}
