//! DBS: from the [generated types](crate::generated::dbs::types) to the
//! [canonical model](crate::model).
