//! `ocop criteria …`: how an administrator brings in a new version of the
//! national criteria without a code change.

use crate::cli::CriteriaCommand;
use anyhow::Context as _;
use ocop_app::rules::Manifest;
use ocop_app::{Clock as _, SystemClock};
use ocop_store::Store;
use std::path::Path;

fn read_folder(folder: &Path) -> anyhow::Result<(Manifest, impl Fn(&str) -> Option<String>)> {
    let manifest_path = folder.join("manifest.json");
    let text = std::fs::read_to_string(&manifest_path)
        .with_context(|| format!("không đọc được {}", manifest_path.display()))?;
    let manifest = Manifest::parse(&text)?;
    let dir = folder.to_owned();
    // Only plain file names: a manifest cannot reach outside its folder.
    let read = move |name: &str| {
        let safe = !name.contains('/') && !name.contains('\\') && !name.starts_with('.');
        safe.then(|| std::fs::read_to_string(dir.join(name)).ok())
            .flatten()
    };
    Ok((manifest, read))
}

pub async fn run(store: &Store, cmd: CriteriaCommand) -> anyhow::Result<()> {
    let now = SystemClock.stamp();
    match cmd {
        CriteriaCommand::List => {
            for v in store.criteria_versions().await? {
                let kind = if v.structure_only {
                    "chỉ cấu trúc"
                } else {
                    "đầy đủ"
                };
                println!(
                    "{}\t{}\ttừ {}\t{kind}\t{}",
                    v.version,
                    v.status.code(),
                    v.effective_from,
                    v.title
                );
            }
        }
        CriteriaCommand::Check { folder } => {
            let (manifest, read) = read_folder(&folder)?;
            let sets = manifest
                .load(read)
                .into_iter()
                .collect::<Result<Vec<_>, _>>()?;
            println!("{} — {} bộ tiêu chí hợp lệ", manifest.version, sets.len());
            for s in &sets {
                let flags = if s.flags.is_empty() {
                    String::new()
                } else {
                    format!(" · {} ghi chú", s.flags.len())
                };
                println!(
                    "  {}\t{}\t{} tiêu chí{flags}",
                    s.id,
                    s.meta.name,
                    s.criteria().count()
                );
                for f in &s.flags {
                    println!("    ! {f}");
                }
            }
        }
        CriteriaCommand::Import { folder } => {
            let (manifest, read) = read_folder(&folder)?;
            let sets = ocop_app::rules::import(store, &manifest, read, "cli", &now).await?;
            println!(
                "đã nhập {} ({} bộ) ở trạng thái nháp; ban hành bằng: ocop criteria publish {} --effective-from YYYY-MM-DD",
                manifest.version,
                sets.len(),
                manifest.version
            );
        }
        CriteriaCommand::Publish {
            version,
            effective_from,
        } => {
            let date = chrono::NaiveDate::parse_from_str(effective_from.trim(), "%Y-%m-%d")
                .with_context(|| {
                    format!("ngày hiệu lực \"{effective_from}\" phải có dạng YYYY-MM-DD")
                })?;
            if !store
                .publish_criteria_version(&version, date, "cli", &now)
                .await?
            {
                anyhow::bail!("không có phiên bản bộ tiêu chí \"{version}\"");
            }
            println!(
                "đã ban hành {version}, hiệu lực từ {}",
                date.format("%d/%m/%Y")
            );
        }
    }
    Ok(())
}
