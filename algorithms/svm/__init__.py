"""svm: the kernel SVM's dual by SMO (libsvm's solver, replayed) and a primal linear SVM by
stochastic subgradient steps, against scikit-learn's SVC and SGDClassifier(loss="hinge")."""
