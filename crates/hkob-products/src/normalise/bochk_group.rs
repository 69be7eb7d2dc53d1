//! BOCHK group: from the [generated types](crate::generated::bochk_group::types) to the
//! [canonical model](crate::model).
