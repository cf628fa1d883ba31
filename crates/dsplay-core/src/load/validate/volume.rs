//! `ValidateVolumes`, `validateVolumeSource` (`pkg/apis/core/validation/validation.go`).
//!
//! Not checked, on purpose: the read-only rule for `gcePersistentDisk` volumes in a DaemonSet
//! (`ValidateReadOnlyPersistentDisks`, "must be true for replicated pods > 1; GCE PD can only
//! be mounted on multiple machines if it is read-only"). `ValidateDaemonSetSpec` no longer
//! calls it: the `SkipReadOnlyValidationGCE` gate (alpha 1.28, on by default 1.29) skipped it
//! and was removed in 1.31 together with the check (kubernetes/kubernetes#124210).

use super::field::{quote, FieldError};
use crate::load::names::is_dns1123_label;
use k8s_openapi::api::core::v1::Volume;
use std::collections::BTreeSet;

/// The volume sources of a `Volume`, each with whether it is set, in the order
/// `validateVolumeSource` looks at them, named as its error paths name them (Go writes
/// `downwarAPI` and `cephFS` in those paths; kept as Go writes them).
pub(crate) fn volume_sources(v: &Volume) -> [(bool, &'static str); 30] {
    [
        (v.empty_dir.is_some(), "emptyDir"),
        (v.host_path.is_some(), "hostPath"),
        (v.git_repo.is_some(), "gitRepo"),
        (v.gce_persistent_disk.is_some(), "gcePersistentDisk"),
        (v.aws_elastic_block_store.is_some(), "awsElasticBlockStore"),
        (v.secret.is_some(), "secret"),
        (v.nfs.is_some(), "nfs"),
        (v.iscsi.is_some(), "iscsi"),
        (v.glusterfs.is_some(), "glusterfs"),
        (v.flocker.is_some(), "flocker"),
        (v.persistent_volume_claim.is_some(), "persistentVolumeClaim"),
        (v.rbd.is_some(), "rbd"),
        (v.cinder.is_some(), "cinder"),
        (v.cephfs.is_some(), "cephFS"),
        (v.quobyte.is_some(), "quobyte"),
        (v.downward_api.is_some(), "downwarAPI"),
        (v.fc.is_some(), "fc"),
        (v.flex_volume.is_some(), "flexVolume"),
        (v.config_map.is_some(), "configMap"),
        (v.azure_file.is_some(), "azureFile"),
        (v.vsphere_volume.is_some(), "vsphereVolume"),
        (v.photon_persistent_disk.is_some(), "photonPersistentDisk"),
        (v.portworx_volume.is_some(), "portworxVolume"),
        (v.azure_disk.is_some(), "azureDisk"),
        (v.storageos.is_some(), "storageos"),
        (v.projected.is_some(), "projected"),
        (v.scale_io.is_some(), "scaleIO"),
        (v.csi.is_some(), "csi"),
        (v.ephemeral.is_some(), "ephemeral"),
        (v.image.is_some(), "image"),
    ]
}

/// `validateVolumeSource`: exactly one source (the first one counts; every further one is
/// `Forbidden: may not specify more than 1 volume type`; none is `Required value: must
/// specify a volume type`), and `hostPath.path` is required.
///
/// (Through the v1 API a volume without a source never gets here: `SetDefaults_Volume` gives
/// it an `emptyDir`.)
fn validate_volume_source(v: &Volume, p: &str, errs: &mut Vec<FieldError>) {
    let mut count = 0u32;
    for (set, name) in volume_sources(v) {
        if !set {
            continue;
        }
        if count > 0 {
            errs.push(FieldError::forbidden(
                format!("{p}.{name}"),
                "may not specify more than 1 volume type",
            ));
            continue;
        }
        count += 1;
        if name == "hostPath" && v.host_path.as_ref().is_some_and(|h| h.path.is_empty()) {
            errs.push(FieldError::required(format!("{p}.hostPath.path"), ""));
        }
    }
    if count == 0 {
        errs.push(FieldError::required(p, "must specify a volume type"));
    }
}

/// `ValidateVolumes`: each volume's source, then its name (required, a DNS-1123 label,
/// unique). Returns the names of the volumes without errors: only those can be mounted
/// (`volumeMounts[*].name: Not found` otherwise), as in Go.
pub(crate) fn validate_volumes<'v>(
    volumes: &'v [Volume],
    path: &str,
    errs: &mut Vec<FieldError>,
) -> BTreeSet<&'v str> {
    let mut valid = BTreeSet::new();
    let mut all_names = BTreeSet::new();
    for (i, v) in volumes.iter().enumerate() {
        let p = format!("{path}[{i}]");
        let name_path = format!("{p}.name");
        let mut el = Vec::new();
        validate_volume_source(v, &p, &mut el);
        if v.name.is_empty() {
            el.push(FieldError::required(&name_path, ""));
        } else {
            for m in is_dns1123_label(&v.name) {
                el.push(FieldError::invalid(&name_path, quote(&v.name), m));
            }
        }
        if all_names.contains(v.name.as_str()) {
            el.push(FieldError::duplicate(&name_path, quote(&v.name)));
        }
        if el.is_empty() {
            all_names.insert(v.name.as_str());
            valid.insert(v.name.as_str());
        } else {
            errs.append(&mut el);
        }
    }
    valid
}
